import { assertLoadable, findVariable, loadabilityProblem } from '../loadable.js';
import type { DataFile, MatrixReader, VariableInfo } from '../types.js';
import { classOfDataType, isNumericDataType } from './classes.js';
import { HdfMatrixReader } from './HdfMatrixReader.js';
import type { HdfDataset, HdfTree } from './tree.js';

/** Nested groups deeper than this are not listed (a guard against cyclic links). */
const MAX_DEPTH = 32;

/**
 * Plain HDF5 (.h5, .hdf5, .he5): every dataset in every group is a variable named by its
 * path (/group/data). Shapes are as HDF5 shows them: rows first, as h5py and numpy see them.
 */
export class Hdf5File implements DataFile {
  readonly format = 'hdf5' as const;
  private readonly entries: Array<{ info: VariableInfo; dataset: HdfDataset }>;

  constructor(
    private readonly tree: HdfTree,
    readonly description: string,
  ) {
    this.entries = collectDatasets(tree, '/', 0).map((dataset) => ({
      info: describe(dataset),
      dataset,
    }));
  }

  get name(): string {
    return this.tree.name;
  }

  async variables(): Promise<VariableInfo[]> {
    return this.entries.map((entry) => entry.info);
  }

  async matrix(name: string): Promise<MatrixReader> {
    const info = findVariable(this.tree.name, await this.variables(), name);
    assertLoadable(this.tree.name, info);
    const { dataset } = this.entries.find((entry) => entry.info === info) as {
      dataset: HdfDataset;
    };
    const [rows = 0, columns = 1] = dataset.shape;
    return new HdfMatrixReader(
      this.tree,
      dataset.path,
      info,
      rows,
      columns,
      false,
      dataset.shape.length === 1,
    );
  }

  async close(): Promise<void> {
    this.tree.close();
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
