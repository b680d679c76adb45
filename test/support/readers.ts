import { MemoryByteSource } from '#core/formats/memorySource.js';
import { openDataFile } from '#core/formats/open.js';
import type { DataFile } from '#core/formats/types.js';

/** Opens in-memory MAT bytes with the core readers (no HDF5 behind it). */
export function openBytes(bytes: Uint8Array, name = 'test.mat'): Promise<DataFile> {
  return openDataFile(new MemoryByteSource(name, bytes), () => {
    throw new Error('this test has no HDF5 file');
  });
}

/** Every column of a variable, as plain arrays. */
export async function readColumns(
  file: DataFile,
  name: string,
  first?: number,
  end?: number,
): Promise<number[][]> {
  const matrix = await file.matrix(name);
  const columns: number[][] = [];
  for await (const column of matrix.readColumns(first, end)) columns.push(Array.from(column));
  return columns;
}

/** Splits column-major values into columns of `rows`. */
export function columnsOf(values: number[], rows: number): number[][] {
  const columns: number[][] = [];
  for (let start = 0; start < values.length; start += rows)
    columns.push(values.slice(start, start + rows));
  return columns;
}
