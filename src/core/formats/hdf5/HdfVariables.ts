import { assertLoadable, findVariable, matrixExtent } from '../loadable.js';
import type { DataFile, MatrixReader, VariableInfo } from '../types.js';
import { HdfMatrixReader } from './HdfMatrixReader.js';
import type { HdfDataset, HdfGroup, HdfTree } from './tree.js';

/** One listed variable and the HDF5 object that holds it. */
export interface HdfEntry {
  info: VariableInfo;
  object: HdfDataset | HdfGroup;
}

/**
 * What plain HDF5 and MATLAB v7.3 files share: variables listed from an HDF5 tree, each a
 * 2-D (or 1-D) dataset read a column at a time. They differ in which objects are variables,
 * how they are described, and whether a column is an HDF5 row (`columnsAreRows`: MATLAB
 * stores a matrix transposed).
 */
export abstract class HdfVariables implements DataFile {
  abstract readonly format: DataFile['format'];
  private readonly entries: HdfEntry[];

  protected constructor(
    protected readonly tree: HdfTree,
    readonly description: string,
    entries: (tree: HdfTree) => HdfEntry[],
    private readonly columnsAreRows: boolean,
  ) {
    this.entries = entries(tree);
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
    const { object } = this.entries.find((entry) => entry.info === info) as HdfEntry;
    const { rows, columns } = matrixExtent(info.shape);
    return new HdfMatrixReader(
      this.tree,
      object.path,
      info,
      rows,
      columns,
      this.columnsAreRows,
      info.shape.length === 1,
    );
  }

  async close(): Promise<void> {
    this.tree.close();
  }
}
