import { FluxError } from '../errors.js';
import { findVariable } from '../formats/loadable.js';
import type { DataFile, FormatName, VariableInfo } from '../formats/types.js';

export interface FileListing {
  format: FormatName;
  description: string;
  variables: VariableInfo[];
}

export interface MatrixValues {
  name: string;
  class: string;
  shape: number[];
  /** Rows as MATLAB shows them; NaN and infinities (which JSON cannot hold) as null. */
  data: Array<Array<number | null>>;
}

/** More values than this are not turned into rows for printing. */
export const MAX_PRINTED_VALUES = 5_000_000;

export async function listFile(file: DataFile): Promise<FileListing> {
  return { format: file.format, description: file.description, variables: await file.variables() };
}

export async function readMatrixValues(file: DataFile, name: string): Promise<MatrixValues> {
  const info = findVariable(file.name, await file.variables(), name);
  if (info.loadable) {
    const count = info.shape.reduce((product, extent) => product * extent, 1);
    if (count > MAX_PRINTED_VALUES) {
      throw new FluxError(
        'input',
        `${file.name}: variable "${info.name}" has ${count} values, more than the ${MAX_PRINTED_VALUES} inspect prints`,
      );
    }
  }
  const matrix = await file.matrix(info.name);
  const data: Array<Array<number | null>> = Array.from(
    { length: matrix.rows },
    () => new Array(matrix.columns),
  );
  let column = 0;
  for await (const values of matrix.readColumns()) {
    for (let row = 0; row < matrix.rows; row++) {
      const value = values[row] as number;
      (data[row] as Array<number | null>)[column] = Number.isFinite(value) ? value : null;
    }
    column++;
  }
  return { name: info.name, class: info.class, shape: info.shape, data };
}
