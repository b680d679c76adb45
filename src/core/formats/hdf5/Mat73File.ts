import { FileFormatError } from '../errors.js';
import { loadabilityProblem } from '../loadable.js';
import { isNumericClass, type VariableInfo } from '../types.js';
import { isNumericDataType } from './classes.js';
import { HdfVariables } from './HdfVariables.js';
import type { HdfDataset, HdfGroup, HdfTree } from './tree.js';

/**
 * MATLAB v7.3 MAT-file: HDF5 behind a 512-byte header. Each variable is a top-level dataset
 * (or group, for structs and sparse matrices) with a MATLAB_class attribute, stored in
 * column-major order, so HDF5 shows its dimensions reversed.
 */
export class Mat73File extends HdfVariables {
  readonly format = 'mat73' as const;

  constructor(tree: HdfTree, description: string) {
    super(
      tree,
      description,
      (hdf) =>
        hdf
          .children('/')
          .filter((object) => !baseName(object.path).startsWith('#')) // #refs#, #subsystem#: MATLAB internals
          .map((object) => ({ info: describe(hdf, object), object })),
      true,
    );
  }
}

function describe(tree: HdfTree, object: HdfDataset | HdfGroup): VariableInfo {
  const name = baseName(object.path);
  const matlabClass =
    typeof object.attributes.MATLAB_class === 'string' ? object.attributes.MATLAB_class : undefined;
  if (object.type === 'group') {
    const className =
      object.attributes.MATLAB_sparse !== undefined ? 'sparse' : (matlabClass ?? 'struct');
    return {
      name,
      class: className,
      shape: [],
      loadable: false,
      reason: `${className} is not numeric data`,
    };
  }
  const className = matlabClass ?? 'unknown';
  const shape = object.attributes.MATLAB_empty
    ? emptyShape(tree, object)
    : [...object.shape].reverse();
  if (object.attributes.MATLAB_empty) {
    return { name, class: className, shape, loadable: false, reason: 'the matrix is empty' };
  }
  const complex = object.dtype.kind === 'compound';
  let problem = loadabilityProblem({ class: className, shape, complex });
  if (!problem && isNumericClass(className) && !isNumericDataType(object.dtype)) {
    problem = `its HDF5 data type (${object.dtype.kind}, ${object.dtype.size} bytes) is not a number type`;
  }
  return {
    name,
    class: className,
    shape,
    loadable: !problem,
    ...(problem ? { reason: problem } : {}),
  };
}

/** MATLAB writes an empty array as a small dataset holding its dimensions. */
function emptyShape(tree: HdfTree, dataset: HdfDataset): number[] {
  try {
    const count = dataset.shape.reduce((product, extent) => product * extent, 1);
    if (count > 64 || !isNumericDataType(dataset.dtype)) return [0, 0];
    return Array.from(
      tree.readSlab(
        dataset.path,
        dataset.shape.map(() => 0),
        dataset.shape,
      ),
    );
  } catch (error) {
    if (error instanceof FileFormatError) throw error;
    return [0, 0];
  }
}

function baseName(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? path;
}
