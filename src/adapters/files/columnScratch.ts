import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ColumnScratch } from '#core/operations/export.js';

/** Columns of doubles in a file, each at its own place: put in any order, read in any. */
export async function columnScratch(
  file: string,
  count: number,
  rows: number,
): Promise<ColumnScratch> {
  const handle = await fs.open(file, 'w+');
  const bytes = rows * 8;
  let open = true;
  return {
    async put(index, column) {
      if (index < 0 || index >= count) throw new Error(`scratch column ${index} of ${count}`);
      const view = new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
      let done = 0;
      while (done < bytes) {
        const { bytesWritten } = await handle.write(view, done, bytes - done, index * bytes + done);
        done += bytesWritten;
      }
    },
    async get(index) {
      const column = new Float64Array(rows);
      const view = new Uint8Array(column.buffer);
      let done = 0;
      while (done < bytes) {
        const { bytesRead } = await handle.read(view, done, bytes - done, index * bytes + done);
        if (bytesRead === 0) throw new Error(`scratch column ${index} was never written`);
        done += bytesRead;
      }
      return column;
    },
    async close() {
      if (!open) return;
      open = false;
      await handle.close();
    },
  };
}

/** A scratch in a folder of its own under the system's temporary folder, removed on close. */
export async function temporaryColumnScratch(count: number, rows: number): Promise<ColumnScratch> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-scratch-'));
  const scratch = await columnScratch(path.join(dir, 'columns'), count, rows);
  return {
    ...scratch,
    async close() {
      await scratch.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
