import type { MatrixReader, VariableInfo } from '../types.js';
import { FileFormatError } from '../errors.js';
import type { HdfTree } from './tree.js';

/** Largest slab read at once when several columns fit. */
const SLAB_BYTES = 8 * 1024 * 1024;

/**
 * Columns of a 2-D dataset. MATLAB v7.3 stores a matrix transposed, so a MATLAB column is a
 * contiguous HDF5 row (`columnsAreRows`); a plain HDF5 matrix keeps its rows, so a column is
 * a strided slab that is read a block of columns at a time and transposed in memory.
 */
export class HdfMatrixReader implements MatrixReader {
  constructor(
    private readonly tree: HdfTree,
    private readonly path: string,
    readonly info: VariableInfo,
    readonly rows: number,
    readonly columns: number,
    private readonly columnsAreRows: boolean,
    /** A 1-D dataset is one column. */
    private readonly oneDimensional = false,
  ) {}

  async *readColumns(first = 0, end = this.columns): AsyncIterable<Float64Array> {
    if (
      !Number.isInteger(first) ||
      !Number.isInteger(end) ||
      first < 0 ||
      end > this.columns ||
      first > end
    ) {
      throw new FileFormatError(
        this.tree.name,
        `columns ${first}..${end} are outside a matrix with ${this.columns} columns`,
      );
    }
    const perSlab = Math.max(1, Math.floor(SLAB_BYTES / (Math.max(1, this.rows) * 8)));
    for (let column = first; column < end; column += perSlab) {
      const count = Math.min(perSlab, end - column);
      if (this.oneDimensional) {
        yield this.tree.readSlab(this.path, [0], [this.rows]);
      } else if (this.columnsAreRows) {
        const slab = this.tree.readSlab(this.path, [column, 0], [count, this.rows]);
        for (let k = 0; k < count; k++) yield slab.slice(k * this.rows, (k + 1) * this.rows);
      } else {
        const slab = this.tree.readSlab(this.path, [0, column], [this.rows, count]);
        for (let k = 0; k < count; k++) {
          const out = new Float64Array(this.rows);
          for (let row = 0; row < this.rows; row++) out[row] = slab[row * count + k] as number;
          yield out;
        }
      }
    }
  }
}
