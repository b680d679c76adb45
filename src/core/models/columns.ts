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

/** Reads every column of a (narrow) matrix into memory: XCO2 and kriged files have 6 or 9. */
export async function readAllColumns(reader: MatrixReader): Promise<Float64Array[]> {
  const columns: Float64Array[] = [];
  for await (const column of reader.readColumns()) columns.push(column);
  return columns;
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
