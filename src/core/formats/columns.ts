import { FileFormatError } from './errors.js';
import { decodeToFloat64, STORAGE_SIZE, type StorageType } from './numeric.js';
import type { SequentialReader } from './sequential.js';
import type { ByteSource, MatrixReader, VariableInfo } from './types.js';

/** Where a column-major matrix's numbers are and how they are stored. */
export interface ColumnLayout {
  rows: number;
  columns: number;
  storage: StorageType;
  littleEndian: boolean;
}

/** Largest single read when several columns fit in it. */
const BATCH_BYTES = 8 * 1024 * 1024;

function checkRange(file: string, layout: ColumnLayout, first: number, end: number): void {
  if (
    !Number.isInteger(first) ||
    !Number.isInteger(end) ||
    first < 0 ||
    end > layout.columns ||
    first > end
  ) {
    throw new FileFormatError(
      file,
      `columns ${first}..${end} are outside a matrix with ${layout.columns} columns`,
    );
  }
}

/** An uncompressed matrix: every column sits at a known offset, so any range is one seek away. */
export class ContiguousColumnReader implements MatrixReader {
  constructor(
    private readonly source: ByteSource,
    readonly info: VariableInfo,
    private readonly layout: ColumnLayout,
    private readonly dataOffset: number,
  ) {}

  get rows(): number {
    return this.layout.rows;
  }

  get columns(): number {
    return this.layout.columns;
  }

  async *readColumns(first = 0, end = this.layout.columns): AsyncIterable<Float64Array> {
    checkRange(this.source.name, this.layout, first, end);
    const { rows, storage, littleEndian } = this.layout;
    const columnBytes = rows * STORAGE_SIZE[storage];
    const perBatch = Math.max(1, Math.floor(BATCH_BYTES / Math.max(1, columnBytes)));
    for (let column = first; column < end; column += perBatch) {
      const count = Math.min(perBatch, end - column);
      const bytes = await this.source.read(
        this.dataOffset + column * columnBytes,
        count * columnBytes,
      );
      for (let k = 0; k < count; k++) {
        yield decodeToFloat64(
          bytes.subarray(k * columnBytes, (k + 1) * columnBytes),
          storage,
          littleEndian,
          rows,
        );
      }
    }
  }
}

/**
 * A matrix inside a compressed stream: columns come out in order, so a range starting past
 * column 0 inflates (and discards) the columns before it. `open` returns a reader positioned
 * at the first byte of column 0.
 */
export class StreamedColumnReader implements MatrixReader {
  constructor(
    readonly info: VariableInfo,
    private readonly file: string,
    private readonly layout: ColumnLayout,
    private readonly open: () => Promise<SequentialReader & { finish(): Promise<void> }>,
  ) {}

  get rows(): number {
    return this.layout.rows;
  }

  get columns(): number {
    return this.layout.columns;
  }

  async *readColumns(first = 0, end = this.layout.columns): AsyncIterable<Float64Array> {
    checkRange(this.file, this.layout, first, end);
    const { rows, storage, littleEndian } = this.layout;
    const columnBytes = rows * STORAGE_SIZE[storage];
    const reader = await this.open();
    try {
      await reader.skip(first * columnBytes);
      for (let column = first; column < end; column++) {
        yield decodeToFloat64(await reader.read(columnBytes), storage, littleEndian, rows);
      }
      if (end === this.layout.columns) await reader.finish();
    } finally {
      await reader.close();
    }
  }
}
