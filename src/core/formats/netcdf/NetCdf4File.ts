import { FileFormatError } from '../errors.js';
import type { HdfAttribute, HdfDataset, HdfKind, HdfTree } from '../hdf5/tree.js';
import type { NcAttribute, NcDimension, NcType, NcVariable, NetCdfDataset } from './types.js';

/** Attributes the netCDF-4 library keeps for itself in HDF5 (not the file's own). */
const INTERNAL = new Set([
  'CLASS',
  'NAME',
  'REFERENCE_LIST',
  'DIMENSION_LIST',
  '_Netcdf4Coordinates',
  '_Netcdf4Dimid',
  '_NCProperties',
  '_nc3_strict',
  '_IsNetcdf4',
  '_SuperblockVersion',
]);
const PURE_DIMENSION = 'This is a netCDF dimension but not a netCDF variable';

/** Whether an HDF5 file was written by the netCDF-4 library (its marks, not its name). */
export function isNetCdf4(tree: HdfTree): boolean {
  if (tree.attributesOf('/')._NCProperties !== undefined) return true;
  return tree
    .children('/')
    .some((object) => object.type === 'dataset' && tree.attributesOf(object.path)._Netcdf4Dimid);
}

/**
 * netCDF-4 (HDF5 underneath) through the HDF5 library: dimensions are the root group's
 * dimension scales (their `_Netcdf4Dimid`), a variable's dimensions come from its
 * `_Netcdf4Coordinates` (dimension ids) or else its DIMENSION_LIST (references to the
 * scales), and a time step is one hyperslab, which HDF5 reads from just the chunks it
 * touches. Groups below the root are not read.
 */
export class NetCdf4File implements NetCdfDataset {
  readonly kind = 'netCDF-4' as const;
  readonly dimensions: NcDimension[];
  readonly variables: NcVariable[];
  readonly attributes: Record<string, NcAttribute>;
  private readonly paths = new Map<string, string>();

  constructor(private readonly tree: HdfTree) {
    const datasets = tree
      .children('/')
      .filter((object): object is HdfDataset => object.type === 'dataset')
      .map((dataset) => ({ dataset, attributes: tree.attributesOf(dataset.path) }));
    const byId = new Map<number, NcDimension>();
    this.dimensions = [];
    for (const { dataset, attributes } of datasets) {
      if (text(attributes.CLASS) !== 'DIMENSION_SCALE') continue;
      const dimension = {
        name: baseName(dataset.path),
        length: dataset.shape[0] ?? 0,
        unlimited: dataset.maxShape?.[0] === null,
      };
      this.dimensions.push(dimension);
      const id = numbers(attributes._Netcdf4Dimid)?.[0];
      byId.set(id ?? byId.size, dimension);
    }
    this.variables = datasets
      .filter(({ attributes }) => !text(attributes.NAME)?.startsWith(PURE_DIMENSION))
      .map(({ dataset, attributes }) => {
        const name = baseName(dataset.path);
        this.paths.set(name, dataset.path);
        return {
          name,
          dimensions: this.dimensionsOf(name, dataset, attributes, byId),
          shape: dataset.shape,
          type: ncType(dataset.dtype.kind, dataset.dtype.size),
          attributes: ownAttributes(attributes),
        };
      });
    this.attributes = ownAttributes(tree.attributesOf('/'));
  }

  get name(): string {
    return this.tree.name;
  }

  async readAll(variable: NcVariable): Promise<Float64Array> {
    return this.tree.readSlab(
      this.path(variable),
      variable.shape.map(() => 0),
      variable.shape,
    );
  }

  async readStep(variable: NcVariable, index: number): Promise<Float64Array> {
    return this.tree.readSlab(
      this.path(variable),
      variable.shape.map((_, axis) => (axis === 0 ? index : 0)),
      variable.shape.map((extent, axis) => (axis === 0 ? 1 : extent)),
    );
  }

  async close(): Promise<void> {
    this.tree.close();
  }

  private path(variable: NcVariable): string {
    const path = this.paths.get(variable.name);
    if (!path) throw new FileFormatError(this.name, `no variable "${variable.name}"`);
    return path;
  }

  private dimensionsOf(
    name: string,
    dataset: HdfDataset,
    attributes: Record<string, HdfAttribute>,
    byId: Map<number, NcDimension>,
  ): string[] {
    const ids = numbers(attributes._Netcdf4Coordinates);
    const listed = attributes.DIMENSION_LIST?.value;
    const names = ids
      ? ids.map((id) => byId.get(id)?.name)
      : Array.isArray(listed)
        ? listed.map((path) => (typeof path === 'string' && path ? baseName(path) : undefined))
        : text(attributes.CLASS) === 'DIMENSION_SCALE' && dataset.shape.length === 1
          ? [name]
          : dataset.shape.length === 0
            ? []
            : undefined;
    if (!names || names.length !== dataset.shape.length || names.some((n) => n === undefined)) {
      throw new FileFormatError(
        this.name,
        `variable "${name}" does not say which dimensions it has (no _Netcdf4Coordinates or DIMENSION_LIST): not a netCDF-4 file the netCDF library wrote`,
      );
    }
    return names as string[];
  }
}

function ncType(kind: HdfKind, size: number): NcType {
  if (kind === 'float') return size === 4 ? 'float' : size === 8 ? 'double' : 'other';
  if (kind === 'int' || kind === 'uint') {
    const signed = { 1: 'byte', 2: 'short', 4: 'int', 8: 'int64' } as const;
    const unsigned = { 1: 'ubyte', 2: 'ushort', 4: 'uint', 8: 'uint64' } as const;
    return (kind === 'int' ? signed : unsigned)[size as 1 | 2 | 4 | 8] ?? 'other';
  }
  return kind === 'string' ? 'string' : 'other';
}

function ownAttributes(attributes: Record<string, HdfAttribute>): Record<string, NcAttribute> {
  const out: Record<string, NcAttribute> = {};
  for (const [key, attribute] of Object.entries(attributes)) {
    if (INTERNAL.has(key)) continue;
    const { value } = attribute;
    out[key] = {
      type: ncType(attribute.kind, attribute.size),
      value: typeof value === 'string' ? value : isTexts(value) ? value.join(', ') : value,
    };
  }
  return out;
}

function isTexts(value: string[] | number[]): value is string[] {
  return value.some((item) => typeof item === 'string');
}

function text(attribute: HdfAttribute | undefined): string | undefined {
  return typeof attribute?.value === 'string' ? attribute.value : undefined;
}

function numbers(attribute: HdfAttribute | undefined): number[] | undefined {
  const value = attribute?.value;
  return Array.isArray(value) && value.every((item) => typeof item === 'number')
    ? (value as number[])
    : undefined;
}

function baseName(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? path;
}
