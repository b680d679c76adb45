import { FluxError } from '../errors.js';
import type { MatrixReader } from '../formats/types.js';
import type { ValueFormat } from '../numbers/valueFormat.js';

/** Where a named column sits in the file, from the config's `columns` list. */
export function columnIndex(columns: string[], name: string, model: string): number {
  const index = columns.indexOf(name);
  if (index === -1) {
    throw new FluxError(
      'input',
      `${model}: config "columns" ${JSON.stringify(columns)} has no "${name}" column`,
    );
  }
  return index;
}

/** A model whose matrix has exactly `count` columns: its shapeProblem. */
export function exactColumns(count: number, what: string) {
  return (_rows: number, columns: number): string | null =>
    columns === count ? null : `it has ${columns} columns; ${what} has exactly ${count}`;
}

/**
 * Every column of a narrow matrix (XCO2 and kriged files have 6 or 9), read into memory and
 * looked up by the names the config's `columns` gives them, which must name each column.
 */
export async function namedColumns(
  reader: MatrixReader,
  names: string[],
  model: string,
): Promise<(name: string) => Float64Array> {
  if (names.length !== reader.columns) {
    throw new FluxError(
      'input',
      `${model}: config "columns" names ${names.length} columns but the matrix has ${reader.columns}`,
    );
  }
  const columns: Float64Array[] = [];
  for await (const column of reader.readColumns()) columns.push(column);
  return (name) => columns[columnIndex(names, name, model)] as Float64Array;
}

/** Applies a column's format (Python `float(fmt % x)`) in place, when the config gives one. */
export function formatInPlace(values: Float64Array, format: ValueFormat | undefined): Float64Array {
  if (!format) return values;
  for (let i = 0; i < values.length; i++) values[i] = format.apply(values[i] as number);
  return values;
}

export function pairs(x: Float64Array, y: Float64Array): Array<[number, number]> {
  return Array.from(x, (value, index) => [value, y[index] as number] as [number, number]);
}
