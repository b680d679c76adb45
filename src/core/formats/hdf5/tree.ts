/**
 * What the HDF5-based readers (MATLAB v7.3 and plain HDF5) need from an HDF5 library. The
 * adapter in src/adapters/hdf5 implements it with h5wasm; the format logic stays here.
 */
export type HdfKind =
  'float' | 'int' | 'uint' | 'string' | 'compound' | 'enum' | 'reference' | 'other';

export interface HdfDataType {
  kind: HdfKind;
  /** Bytes per element. */
  size: number;
}

export type HdfAttributeValue = string | number | boolean | null;

export interface HdfAttribute {
  kind: HdfKind;
  /** Bytes per element. */
  size: number;
  value: string | number[] | string[];
}

export interface HdfObject {
  /** Absolute path, e.g. /group/data. */
  path: string;
  type: 'dataset' | 'group';
  /** Only the MATLAB_* attributes, which is all the readers look at. */
  attributes: Record<string, HdfAttributeValue>;
}

export interface HdfDataset extends HdfObject {
  type: 'dataset';
  /** As HDF5 stores it: slowest-varying dimension first. */
  shape: number[];
  dtype: HdfDataType;
  /** Each dimension's largest extent; null where it may grow without limit (netCDF-4's unlimited). */
  maxShape?: Array<number | null>;
}

export interface HdfGroup extends HdfObject {
  type: 'group';
}

export interface HdfTree {
  readonly name: string;
  /** Objects directly under a group, in the library's name order. */
  children(groupPath: string): Array<HdfDataset | HdfGroup>;
  /**
   * The hyperslab start..start+count of a numeric dataset, in row-major order, widened to
   * double. Synchronous: the library reads in place.
   */
  readSlab(path: string, start: number[], count: number[]): Float64Array;
  /**
   * Every attribute of an object ('/' for the file's): text, or numbers (widened to double),
   * with the HDF5 class of its type; a reference list (DIMENSION_LIST) as the paths it names.
   */
  attributesOf(path: string): Record<string, HdfAttribute>;
  close(): void;
}
