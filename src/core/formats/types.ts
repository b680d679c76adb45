import type { NetCdfDataset } from './netcdf/types.js';

/** The on-disk formats flux-manage reads; decided by a file's bytes, never its name. */
export type FormatName = 'mat4' | 'mat5' | 'mat73' | 'hdf5' | 'netcdf';

/** Random access to a file's bytes. Core readers see only this; adapters open real files. */
export interface ByteSource {
  /** Shown in every error message (usually the path as the operator typed it). */
  readonly name: string;
  readonly size: number;
  /** Exactly `length` bytes from `offset`; throws a FileFormatError past the end. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const NUMERIC_CLASSES = [
  'double',
  'single',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'logical',
] as const;
export type NumericClass = (typeof NUMERIC_CLASSES)[number];

export function isNumericClass(name: string): name is NumericClass {
  return (NUMERIC_CLASSES as readonly string[]).includes(name);
}

/** One variable (MAT) or dataset (HDF5) as `inspect` lists it. */
export interface VariableInfo {
  name: string;
  /** MATLAB's class name: double, int16, logical, char, cell, struct, sparse, ... */
  class: string;
  /** As MATLAB shows it: rows first. Plain HDF5 datasets keep HDF5's order. */
  shape: number[];
  /** NetCDF: the names of its dimensions, outermost first (as `shape`). */
  dimensions?: string[];
  /** NetCDF: what the wizard's variable step adds, e.g. its units and time range. */
  detail?: string;
  loadable: boolean;
  /** Why the variable cannot be loaded as data; absent when it can. */
  reason?: string;
}

/**
 * Streams a 2-D numeric matrix one column at a time. A column of a MATLAB matrix (and a row
 * of a v7.3 dataset) is contiguous on disk, and one column is one time step of a
 * SpatioTemporalMatrix, so memory never depends on the number of columns.
 */
export interface MatrixReader {
  readonly info: VariableInfo;
  readonly rows: number;
  readonly columns: number;
  /**
   * Yields columns first..end-1 in order, each as a fresh Float64Array of `rows` values
   * (every numeric class is widened to double; int64 beyond 2^53 loses precision).
   */
  readColumns(first?: number, end?: number): AsyncIterable<Float64Array>;
}

export interface DataFile {
  readonly format: FormatName;
  /** A one-line description of the container, e.g. "MATLAB 5.0 MAT-file, little endian". */
  readonly description: string;
  readonly name: string;
  variables(): Promise<VariableInfo[]>;
  /** Opens a loadable variable; a missing or non-numeric one is a FileFormatError. */
  matrix(name: string): Promise<MatrixReader>;
  /** A NetCDF file's dimensions, attributes and N-dimensional variables (NetCDFGrid reads them). */
  readonly netcdf?: NetCdfDataset;
  close(): Promise<void>;
}
