import { FileFormatError } from './errors.js';
import type { ByteSource } from './types.js';

/** Bytes read front to back: a region of a file, or the output of an inflating stream. */
export interface SequentialReader {
  /** Bytes consumed so far, counted from the start of the region. */
  readonly position: number;
  /** Exactly `length` more bytes; a FileFormatError if the region ends first. */
  read(length: number): Promise<Uint8Array>;
  skip(length: number): Promise<void>;
  close(): Promise<void>;
}

const READ_AHEAD = 64 * 1024;

/** A region [start, end) of a ByteSource, read with a small read-ahead for header parsing. */
export class SourceCursor implements SequentialReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private bufferStart = 0;
  position = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly start: number,
    private readonly end: number,
    private readonly what: string,
  ) {}

  async read(length: number): Promise<Uint8Array> {
    const absolute = this.start + this.position;
    if (absolute + length > this.end) {
      throw new FileFormatError(
        this.source.name,
        `${this.what} is cut short: ${length} more bytes needed but only ${this.end - absolute} remain`,
        absolute,
      );
    }
    this.position += length;
    const inBuffer = absolute - this.bufferStart;
    if (inBuffer >= 0 && inBuffer + length <= this.buffer.length) {
      return this.buffer.subarray(inBuffer, inBuffer + length);
    }
    if (length >= READ_AHEAD) return this.source.read(absolute, length);
    const chunk = Math.min(READ_AHEAD, this.end - absolute);
    this.buffer = await this.source.read(absolute, chunk);
    this.bufferStart = absolute;
    return this.buffer.subarray(0, length);
  }

  async skip(length: number): Promise<void> {
    const absolute = this.start + this.position;
    if (absolute + length > this.end) {
      throw new FileFormatError(this.source.name, `${this.what} is cut short`, absolute);
    }
    this.position += length;
  }

  async close(): Promise<void> {}
}
