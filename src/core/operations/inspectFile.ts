import { FluxError } from '../errors.js';
import { FileFormatError } from '../formats/errors.js';
import { findVariable } from '../formats/loadable.js';
import {
  decodedTimes,
  decodeTime,
  decodeValues,
  timeAxis,
  valueRules,
} from '../formats/netcdf/cf.js';
import { coordinateOf, timeCoordinate } from '../formats/netcdf/grid.js';
import {
  NC_CLASS,
  numberAttribute,
  textAttribute,
  type NetCdfDataset,
} from '../formats/netcdf/types.js';
import { formatTimestamp } from '../time/timestamps.js';
import type { DataFile, FormatName, VariableInfo } from '../formats/types.js';

export interface FileListing {
  format: FormatName;
  description: string;
  variables: VariableInfo[];
}

export interface MatrixValues {
  name: string;
  class: string;
  shape: number[];
  /** Rows as MATLAB shows them; NaN and infinities (which JSON cannot hold) as null. */
  data: Array<Array<number | null>>;
}

/** More values than this are not turned into rows for printing. */
export const MAX_PRINTED_VALUES = 5_000_000;

export async function listFile(file: DataFile): Promise<FileListing> {
  return { format: file.format, description: file.description, variables: await file.variables() };
}

export async function readMatrixValues(file: DataFile, name: string): Promise<MatrixValues> {
  const info = findVariable(file.name, await file.variables(), name);
  if (info.loadable) {
    const count = info.shape.reduce((product, extent) => product * extent, 1);
    if (count > MAX_PRINTED_VALUES) {
      throw new FluxError(
        'input',
        `${file.name}: variable "${info.name}" has ${count} values, more than the ${MAX_PRINTED_VALUES} inspect prints`,
      );
    }
  }
  const matrix = await file.matrix(info.name);
  const data: Array<Array<number | null>> = Array.from(
    { length: matrix.rows },
    () => new Array(matrix.columns),
  );
  let column = 0;
  for await (const values of matrix.readColumns()) {
    for (let row = 0; row < matrix.rows; row++) {
      const value = values[row] as number;
      (data[row] as Array<number | null>)[column] = Number.isFinite(value) ? value : null;
    }
    column++;
  }
  return { name: info.name, class: info.class, shape: info.shape, data };
}

/** One NetCDF variable as inspect lists it: its dimensions and CF attributes. */
export interface NetCdfVariableListing {
  name: string;
  class: string;
  dimensions: string[];
  shape: number[];
  units: string | null;
  long_name: string | null;
  fill_value: number | null;
  packing: { scale_factor: number; add_offset: number } | null;
  loadable: boolean;
  reason?: string;
}

export interface NetCdfListing {
  format: 'netcdf';
  description: string;
  kind: string;
  dimensions: Array<{ name: string; length: number; unlimited: boolean }>;
  variables: NetCdfVariableListing[];
  /** The time coordinate decoded, or why it cannot be; null when the file has none. */
  time:
    | {
        variable: string;
        first: string;
        last: string;
        steps: number;
        step: number | null;
        irregular?: string;
      }
    | { variable: string; problem: string }
    | null;
}

/** A NetCDF file's dimensions, variables and decoded time axis (inspect FILE). */
export async function listNetCdf(file: DataFile, netcdf: NetCdfDataset): Promise<NetCdfListing> {
  const infos = await file.variables();
  const variables = netcdf.variables.map((variable, index): NetCdfVariableListing => {
    const info = infos[index] as VariableInfo;
    const rules = valueRules(variable);
    return {
      name: variable.name,
      class: info.class,
      dimensions: variable.dimensions,
      shape: variable.shape,
      units: textAttribute(variable, 'units') ?? null,
      long_name: textAttribute(variable, 'long_name') ?? null,
      fill_value: numberAttribute(variable, '_FillValue')?.[0] ?? null,
      packing: rules.packed ? { scale_factor: rules.scale, add_offset: rules.offset } : null,
      loadable: info.loadable,
      ...(info.reason ? { reason: info.reason } : {}),
    };
  });
  const coordinate = timeCoordinate(netcdf);
  let time: NetCdfListing['time'] = null;
  if (coordinate) {
    try {
      const { times, step, irregular } = await decodedTimes(netcdf, coordinate);
      const [first, last] = [times[0], times.at(-1)];
      time =
        first && last
          ? {
              variable: coordinate.name,
              first: formatTimestamp(first),
              last: formatTimestamp(last),
              steps: times.length,
              step: irregular ? null : (step ?? null),
              ...(irregular ? { irregular } : {}),
            }
          : { variable: coordinate.name, problem: 'it has no time steps' };
    } catch (error) {
      if (!(error instanceof FileFormatError)) throw error;
      time = { variable: coordinate.name, problem: error.problem };
    }
  }
  return {
    format: 'netcdf',
    description: file.description,
    kind: netcdf.kind,
    dimensions: netcdf.dimensions,
    variables,
    time,
  };
}

export interface NetCdfValues {
  name: string;
  class: string;
  dimensions: string[];
  shape: number[];
  /** The time step shown (1-based) and its time, for a variable over time. */
  step: { index: number; of: number; time: string | null } | null;
  /** Values as a load reads them (fill and invalid as null, unpacked), a row per index of the next-to-last dimension. */
  data: Array<Array<number | null>>;
}

/** One time step of a NetCDF variable (or all of one without time), decoded (inspect --var). */
export async function readNetCdfValues(
  netcdf: NetCdfDataset,
  name: string,
  step = 1,
): Promise<NetCdfValues> {
  const variable = netcdf.variables.find(
    (candidate) => candidate.name === name.replace(/^\/+/, ''),
  );
  if (!variable)
    throw new FileFormatError(
      netcdf.name,
      `no variable "${name}"; the file has ${netcdf.variables.map((v) => v.name).join(', ')}`,
    );
  const info = { name: variable.name, dimensions: variable.dimensions, shape: variable.shape };
  const [first] = variable.dimensions;
  const dimension = netcdf.dimensions.find((candidate) => candidate.name === first);
  const overTime =
    variable.shape.length > 1 || (dimension?.unlimited === true && variable.shape.length > 0);
  const perStep = overTime ? variable.shape.slice(1) : variable.shape;
  const count = perStep.reduce((product, extent) => product * extent, 1);
  if (count > MAX_PRINTED_VALUES)
    throw new FluxError(
      'input',
      `${netcdf.name}: variable "${variable.name}" has ${count} values a step, more than the ${MAX_PRINTED_VALUES} inspect prints`,
    );
  const steps = variable.shape[0] ?? 1;
  if (overTime && (!Number.isInteger(step) || step < 1 || step > steps))
    throw new FluxError(
      'input',
      `${netcdf.name}: variable "${variable.name}" has steps 1..${steps}, not ${step}`,
    );
  const raw = overTime ? await netcdf.readStep(variable, step - 1) : await netcdf.readAll(variable);
  const values = decodeValues(raw, valueRules(variable));
  const width = perStep.at(-1) ?? 1;
  const data: Array<Array<number | null>> = [];
  for (let start = 0; start < values.length; start += width)
    data.push(
      Array.from(values.subarray(start, start + width), (v) => (Number.isFinite(v) ? v : null)),
    );
  let time: string | null = null;
  const coordinate = overTime && first ? coordinateOf(netcdf, first) : undefined;
  if (coordinate) {
    const axis = timeAxis(coordinate);
    if (!('problem' in axis)) {
      const value = (await netcdf.readAll(coordinate))[step - 1];
      if (value !== undefined && Number.isFinite(value))
        time = formatTimestamp(decodeTime(axis, value));
    }
  }
  return {
    ...info,
    class: NC_CLASS[variable.type],
    step: overTime ? { index: step, of: steps, time } : null,
    data,
  };
}
