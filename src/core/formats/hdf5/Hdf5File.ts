import { loadabilityProblem } from '../loadable.js';
import type { VariableInfo } from '../types.js';
import { classOfDataType, isNumericDataType } from './classes.js';
import { HdfVariables } from './HdfVariables.js';
import type { HdfDataset, HdfTree } from './tree.js';

/** Nested groups deeper than this are not listed (a guard against cyclic links). */
const MAX_DEPTH = 32;

/**
 * Plain HDF5 (.h5, .hdf5, .he5): every dataset in every group is a variable named by its
 * path (/group/data). Shapes are as HDF5 shows them: rows first, as h5py and numpy see them.
 */
export class Hdf5File extends HdfVariables {
  readonly format = 'hdf5' as const;

  constructor(tree: HdfTree, description: string) {
    super(
      tree,
      description,
      (hdf) => collectDatasets(hdf, '/', 0).map((object) => ({ info: describe(object), object })),
      false,
    );
  }
}

function collectDatasets(tree: HdfTree, group: string, depth: number): HdfDataset[] {
  if (depth > MAX_DEPTH) return [];
  return tree
    .children(group)
    .flatMap((object) =>
      object.type === 'dataset' ? [object] : collectDatasets(tree, object.path, depth + 1),
    );
}

function describe(dataset: HdfDataset): VariableInfo {
  const className = classOfDataType(dataset.dtype);
  let problem: string | null;
  if (dataset.shape.length === 0) problem = 'a scalar is not a matrix';
  else if (!isNumericDataType(dataset.dtype)) problem = `${className} is not numeric data`;
  else problem = loadabilityProblem({ class: className, shape: dataset.shape });
  return {
    name: dataset.path,
    class: className,
    shape: dataset.shape,
    loadable: !problem,
    ...(problem ? { reason: problem } : {}),
  };
}
