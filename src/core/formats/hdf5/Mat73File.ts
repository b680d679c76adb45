import { FileFormatError } from '../errors.js';
import { assertLoadable, findVariable, loadabilityProblem } from '../loadable.js';
import { isNumericClass, type DataFile, type MatrixReader, type VariableInfo } from '../types.js';
import { isNumericDataType } from './classes.js';
import { HdfMatrixReader } from './HdfMatrixReader.js';
import type { HdfDataset, HdfGroup, HdfTree } from './tree.js';

/**
 * MATLAB v7.3 MAT-file: HDF5 behind a 512-byte header. Each variable is a top-level dataset
 * (or group, for structs and sparse matrices) with a MATLAB_class attribute, stored in
 * column-major order, so HDF5 shows its dimensions reversed.
 */
export class Mat73File implements DataFile {
  readonly format = 'mat73' as const;
  private readonly entries: Array<{ info: VariableInfo; object: HdfDataset | HdfGroup }>;

  constructor(
    private readonly tree: HdfTree,
    readonly description: string,
  ) {
    this.entries = tree
      .children('/')
      .filter((object) => !baseName(object.path).startsWith('#')) // #refs#, #subsystem#: MATLAB internals
      .map((object) => ({ info: this.describe(object), object }));
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
    const { object } = this.entries.find((entry) => entry.info === info) as { object: HdfDataset };
    const [rows = 0, columns = 1] = info.shape;
    return new HdfMatrixReader(
      this.tree,
      object.path,
      info,
      rows,
      columns,
      true,
      object.shape.length === 1,
    );
  }

  async close(): Promise<void> {
    this.tree.close();
  }

  private describe(object: HdfDataset | HdfGroup): VariableInfo {
    const name = baseName(object.path);
    const matlabClass =
      typeof object.attributes.MATLAB_class === 'string'
        ? object.attributes.MATLAB_class
        : undefined;
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
      ? emptyShape(this.tree, object)
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
