import { FileFormatError } from './errors.js';
import type { ByteSource } from './types.js';

/** A ByteSource over bytes already in memory (tests, and files small enough to read whole). */
export class MemoryByteSource implements ByteSource {
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {}

  get size(): number {
    return this.bytes.length;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.bytes.length) {
      throw new FileFormatError(
        this.name,
        `file is truncated: needed ${length} bytes at offset ${offset}, but the file has ${this.bytes.length}`,
      );
    }
    return this.bytes.subarray(offset, offset + length);
  }

  async close(): Promise<void> {}
}
