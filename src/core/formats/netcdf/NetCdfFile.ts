import { FileFormatError } from '../errors.js';
import type { DataFile, MatrixReader, VariableInfo } from '../types.js';
import { formatTimestamp } from '../../time/timestamps.js';
import { decodedTimes } from './cf.js';
import { coordinateOf, gridOf, type VariableGrid } from './grid.js';
import {
  isNumericNcType,
  NC_CLASS,
  textAttribute,
  type NcVariable,
  type NetCdfDataset,
} from './types.js';

const DESCRIPTIONS = {
  'CDF-1': 'NetCDF classic (CDF-1)',
  'CDF-2': 'NetCDF 64-bit offset (CDF-2)',
  'CDF-5': 'NetCDF 64-bit data (CDF-5)',
  'netCDF-4': 'NetCDF-4 (HDF5)',
} as const;

/**
 * A NetCDF file as a DataFile: its variables listed with their dimensions; the loadable ones
 * are the gridded variables (a time and two horizontal dimensions) that NetCDFGrid reads
 * through `netcdf`. The matrix models read 2-D matrices, which a NetCDF file does not hold.
 */
export class NetCdfFile implements DataFile {
  readonly format = 'netcdf' as const;
  readonly description: string;

  constructor(readonly netcdf: NetCdfDataset) {
    this.description = DESCRIPTIONS[netcdf.kind];
  }

  get name(): string {
    return this.netcdf.name;
  }

  private listed: VariableInfo[] | undefined;

  async variables(): Promise<VariableInfo[]> {
    if (!this.listed) {
      const listed: VariableInfo[] = [];
      for (const variable of this.netcdf.variables) listed.push(await this.describe(variable));
      this.listed = listed;
    }
    return this.listed;
  }

  private async describe(variable: NcVariable): Promise<VariableInfo> {
    const grid = isNumericNcType(variable.type) ? gridOf(this.netcdf, variable) : null;
    const reason = !isNumericNcType(variable.type)
      ? `${variable.type} is not numeric data`
      : coordinateOf(this.netcdf, variable.name)
        ? `the coordinate variable of dimension "${variable.name}"`
        : grid && 'problem' in grid
          ? grid.problem
          : null;
    const detail = grid && !('problem' in grid) ? await this.detail(variable, grid) : undefined;
    return {
      name: variable.name,
      class: NC_CLASS[variable.type],
      shape: variable.shape,
      dimensions: variable.dimensions,
      loadable: reason === null,
      ...(reason === null ? {} : { reason }),
      ...(detail ? { detail } : {}),
    };
  }

  /** A gridded variable's units and decoded time range, e.g. "mol m-2 s-1, 2010-01-01T00:00:00 .. 2010-01-02T12:00:00". */
  private async detail(variable: NcVariable, grid: VariableGrid): Promise<string> {
    const units = textAttribute(variable, 'units') ?? 'no units';
    const { coordinate } = grid.time;
    if (!coordinate) return `${units}, no time coordinate`;
    try {
      const { times } = await decodedTimes(this.netcdf, coordinate);
      const [first, last] = [times[0], times.at(-1)];
      return first && last
        ? `${units}, ${formatTimestamp(first)} .. ${formatTimestamp(last)}`
        : `${units}, no time steps`;
    } catch (error) {
      if (error instanceof FileFormatError) return `${units}, times: ${error.problem}`;
      throw error;
    }
  }

  async matrix(name: string): Promise<MatrixReader> {
    throw new FileFormatError(
      this.name,
      `variable "${name}" is in a NetCDF file: the matrix models do not read NetCDF; load it with -m NetCDFGrid`,
    );
  }

  close(): Promise<void> {
    return this.netcdf.close();
  }
}
