import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflate } from 'node:zlib';
import { describeError } from '../errors.js';
import { FileFormatError } from './errors.js';
import type { SequentialReader } from './sequential.js';
import type { ByteSource } from './types.js';

const INPUT_CHUNK = 256 * 1024;
const OUTPUT_CHUNK = 256 * 1024;

/**
 * Inflates a zlib stream stored at [start, start+length) of a source, on demand: only as
 * much compressed data is read and inflated as the caller asks for, so listing a variable
 * touches a few hundred bytes and streaming a matrix holds about one column in memory.
 */
export class InflateReader implements SequentialReader {
  position = 0;
  private readonly inflate = createInflate({ chunkSize: OUTPUT_CHUNK });
  private readonly output: AsyncIterator<Buffer>;
  private readonly done: Promise<void>;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private ended = false;

  constructor(
    private readonly source: ByteSource,
    private readonly start: number,
    private readonly length: number,
    private readonly what: string,
  ) {
    const input = Readable.from(this.compressedChunks(), { objectMode: false });
    this.done = pipeline(input, this.inflate).catch(() => undefined); // errors surface through `output`
    this.output = this.inflate[Symbol.asyncIterator]();
  }

  private async *compressedChunks(): AsyncGenerator<Uint8Array> {
    for (let offset = 0; offset < this.length; offset += INPUT_CHUNK) {
      yield await this.source.read(
        this.start + offset,
        Math.min(INPUT_CHUNK, this.length - offset),
      );
    }
  }

  async read(length: number): Promise<Uint8Array> {
    while (this.pendingBytes < length) {
      if (!(await this.pull())) {
        throw new FileFormatError(
          this.source.name,
          `${this.what}: the compressed data ends after ${this.position + this.pendingBytes} bytes, before the ${this.position + length} its header promises`,
          this.start,
        );
      }
    }
    this.position += length;
    return this.take(length);
  }

  async skip(length: number): Promise<void> {
    let left = length;
    while (left > 0) {
      const step = Math.min(left, OUTPUT_CHUNK);
      await this.read(step);
      left -= step;
    }
  }

  /** Reads to the end of the stream, which makes zlib verify its Adler-32 checksum. */
  async finish(): Promise<void> {
    while (await this.pull()) {
      this.pending = [];
      this.pendingBytes = 0;
    }
  }

  async close(): Promise<void> {
    this.inflate.destroy();
    await this.done;
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.output.next();
    } catch (error) {
      throw this.damaged(error);
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.pending.push(next.value);
    this.pendingBytes += next.value.length;
    return true;
  }

  private take(length: number): Uint8Array {
    const first = this.pending[0] as Uint8Array;
    if (first.length === length) {
      this.pending.shift();
      this.pendingBytes -= length;
      return first;
    }
    if (first.length > length) {
      this.pending[0] = first.subarray(length);
      this.pendingBytes -= length;
      return first.subarray(0, length);
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.pending[0] as Uint8Array;
      const count = Math.min(chunk.length, length - filled);
      out.set(chunk.subarray(0, count), filled);
      filled += count;
      if (count === chunk.length) this.pending.shift();
      else this.pending[0] = chunk.subarray(count);
    }
    this.pendingBytes -= length;
    return out;
  }

  private damaged(error: unknown): Error {
    if (error instanceof FileFormatError) return error;
    const code = (error as { code?: string }).code;
    const detail =
      code === 'Z_BUF_ERROR' || /unexpected end/i.test(describeError(error))
        ? 'the compressed data is cut short'
        : `the compressed data is damaged (zlib: ${describeError(error)})`;
    return new FileFormatError(this.source.name, `${this.what}: ${detail}`, this.start);
  }
}
