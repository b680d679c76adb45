import fs from 'node:fs/promises';
import type { ByteSink } from '#core/formats/mat5/writer.js';

/** A file written in order, with positional patches; `close` when done (or failed). */
export interface FileSink extends ByteSink {
  readonly path: string;
  close(): Promise<void>;
}

/** Opens `path` for writing, creating it; an existing file is refused (`wx`), never replaced. */
export async function fileSink(path: string): Promise<FileSink> {
  const handle = await fs.open(path, 'wx');
  let position = 0;
  return {
    path,
    async write(bytes) {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    },
    async writeAt(at, bytes) {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, at + done);
        done += bytesWritten;
      }
    },
    close: () => handle.close(),
  };
}
