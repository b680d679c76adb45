import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { FluxError } from '#core/errors.js';
import { FileFormatError } from '#core/formats/errors.js';
import type { ByteSource } from '#core/formats/types.js';

/** A file on disk read at offsets, never whole. */
export class FileByteSource implements ByteSource {
  private closed = false;

  private constructor(
    readonly name: string,
    private readonly handle: fs.FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string, name = path): Promise<FileByteSource> {
    let handle: fs.FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO (or a device) would otherwise wait for a writer forever,
      // and a process cannot even exit while such an open is pending. Regular files ignore it.
      handle = await fs.open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    } catch (error) {
      throw new FluxError('input', `${name}: ${describeOpenError(error)}`);
    }
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      throw new FluxError('input', `${name}: not a regular file`);
    }
    return new FileByteSource(name, handle, stat.size);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FileFormatError(
        this.name,
        `the file is truncated: needed ${length} bytes at offset ${offset}, but the file has ${this.size}`,
      );
    }
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(
        buffer,
        filled,
        length - filled,
        offset + filled,
      );
      if (bytesRead === 0)
        throw new FileFormatError(
          this.name,
          'the file shrank while it was being read',
          offset + filled,
        );
      filled += bytesRead;
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

function describeOpenError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return (error as Error).message ?? String(error);
  }
}
