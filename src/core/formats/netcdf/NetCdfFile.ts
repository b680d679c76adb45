import { FileFormatError } from '../errors.js';
import type { DataFile, MatrixReader, VariableInfo } from '../types.js';
import { coordinateOf, gridOf } from './grid.js';
import { isNumericNcType, NC_CLASS, type NetCdfDataset } from './types.js';

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

  async variables(): Promise<VariableInfo[]> {
    return this.netcdf.variables.map((variable) => {
      const grid = isNumericNcType(variable.type) ? gridOf(this.netcdf, variable) : null;
      const reason = !isNumericNcType(variable.type)
        ? `${variable.type} is not numeric data`
        : coordinateOf(this.netcdf, variable.name)
          ? `the coordinate variable of dimension "${variable.name}"`
          : grid && 'problem' in grid
            ? grid.problem
            : null;
      return {
        name: variable.name,
        class: NC_CLASS[variable.type],
        shape: variable.shape,
        dimensions: variable.dimensions,
        loadable: reason === null,
        ...(reason === null ? {} : { reason }),
      };
    });
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
