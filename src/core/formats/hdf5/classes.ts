import type { HdfDataType } from './tree.js';

/** The MATLAB-style class name of a plain HDF5 datatype, for listing. */
export function classOfDataType(dtype: HdfDataType): string {
  switch (dtype.kind) {
    case 'float':
      return dtype.size === 8 ? 'double' : dtype.size === 4 ? 'single' : `float${dtype.size * 8}`;
    case 'int':
      return `int${dtype.size * 8}`;
    case 'uint':
      return `uint${dtype.size * 8}`;
    case 'string':
      return 'string';
    case 'compound':
      return 'compound';
    case 'enum':
      return 'enum';
    case 'reference':
      return 'reference';
    case 'other':
      return 'unknown';
  }
}

export function isNumericDataType(dtype: HdfDataType): boolean {
  return (
    (dtype.kind === 'float' && (dtype.size === 4 || dtype.size === 8)) ||
    dtype.kind === 'int' ||
    dtype.kind === 'uint'
  );
}
