import type { EffectiveConfig } from '../config/effective.js';
import { FluxError } from '../errors.js';
import { FileFormatError } from '../formats/errors.js';
import {
  coordinateValues,
  decodedTimes,
  decodeValues,
  regularity,
  valueRules,
} from '../formats/netcdf/cf.js';
import { gridOf, griddedVariables, type VariableGrid } from '../formats/netcdf/grid.js';
import { textAttribute, type NcVariable, type NetCdfDataset } from '../formats/netcdf/types.js';
import { findVariable } from '../formats/loadable.js';
import type { DataFile } from '../formats/types.js';
import { compileFormats } from '../numbers/valueFormat.js';
import { addSeconds } from '../time/timestamps.js';
import { formatInPlace } from './columns.js';
import type { Coordinates, GridSeries } from './inputs.js';
import { spatioTemporalMatrix } from './spatioTemporal.js';
import type { FileReading, ModelDefinition } from './types.js';

/**
 * A CF NetCDF variable over (time, latitude, longitude), read from the file itself: its
 * time axis, its grid, its units and title (docs/loading.md, "NetCDFGrid").
 */
export const netcdfGrid: ModelDefinition = {
  name: 'NetCDFGrid',
  description:
    'a CF NetCDF variable over (time, lat, lon): netCDF-4, classic, 64-bit offset or CDF-5',
  defaultMediator: 'Grid4DMediator',
  input: 'grid-series',
  defaults: {
    parameters: ['values'],
    formats: {},
    precision: null,
    gridded: true,
    grid: { units: 'degrees', x: 1, y: 1 },
    title: '',
    units: { x: 'degrees', y: 'degrees' },
  },
  defaultFloats: ['grid.x', 'grid.y'],
  needsTimestamp: false,
  shapeProblem() {
    return "NetCDFGrid reads a NetCDF file's gridded variables, not a matrix";
  },
  likelihood() {
    return 0;
  },
  async readFile(file, config) {
    return readNetCdfGrid(file, config);
  },
  /** A NetCDF dataset is stored as a matrix's would be, and exported as one. */
  exportFiles(input, metadata) {
    return spatioTemporalMatrix.exportFiles(input, metadata);
  },
};

/** The variable a load reads: `var_name`, or the file's only gridded variable. */
export function chooseNetCdfVariable(
  dataset: NetCdfDataset,
  name: string | undefined,
): { variable: NcVariable; grid: VariableGrid } {
  const candidates = griddedVariables(dataset);
  const listed = candidates.length
    ? candidates.map((v) => `${v.name} (${v.dimensions.join(', ')})`).join(', ')
    : 'none';
  let variable: NcVariable | undefined;
  if (name !== undefined) {
    variable = dataset.variables.find((candidate) => candidate.name === name.replace(/^\/+/, ''));
    if (!variable)
      throw new FileFormatError(
        dataset.name,
        `no variable "${name}"; its gridded variables are ${listed}`,
      );
  } else if (candidates.length === 1) variable = candidates[0] as NcVariable;
  else
    throw new FileFormatError(
      dataset.name,
      candidates.length
        ? `it has ${candidates.length} gridded variables; name one with "var_name" (-o var_name=NAME): ${listed}`
        : 'it has no variable over time, latitude and longitude to load',
    );
  const grid = gridOf(dataset, variable);
  if ('problem' in grid)
    throw new FileFormatError(
      dataset.name,
      `variable "${variable.name}" cannot be loaded by NetCDFGrid: ${grid.problem}`,
    );
  return { variable, grid };
}

/** A gridded variable's time axis, decoded. */
function gridTimes(dataset: NetCdfDataset, grid: VariableGrid) {
  const { coordinate } = grid.time;
  if (!coordinate)
    throw new FileFormatError(
      dataset.name,
      `dimension "${grid.time.dimension}" has no time coordinate variable; give "timestamp" and "steps" in the config`,
    );
  return decodedTimes(dataset, coordinate);
}

/** Longitudes at or beyond 180 are shifted by -360 (the Explorer's maps are -180..180). */
function longitude(value: number): number {
  return value >= 180 ? value - 360 : value;
}

/** The spacing of a coordinate (its first two values), to 12 significant digits. */
function spacing(values: Float64Array): number | undefined {
  if (values.length < 2) return undefined;
  return Number(Math.abs((values[1] as number) - (values[0] as number)).toPrecision(12));
}

/** A cell's index in a step's slab (storage order) for each kept cell, and their positions. */
function cellsOf(grid: VariableGrid, x: Float64Array, y: Float64Array) {
  const coordinates: Coordinates = [];
  const [outer, inner] = grid.xOuter ? [x, y] : [y, x];
  for (let o = 0; o < outer.length; o++)
    for (let i = 0; i < inner.length; i++)
      coordinates.push(
        grid.xOuter
          ? [outer[o] as number, inner[i] as number]
          : [inner[i] as number, outer[o] as number],
      );
  return coordinates;
}

async function readNetCdfGrid(file: DataFile, config: EffectiveConfig): Promise<FileReading> {
  const dataset = file.netcdf;
  if (!dataset)
    throw new FileFormatError(
      file.name,
      `NetCDFGrid reads NetCDF files; this is a ${file.description}`,
    );
  const { values, sources } = config;
  const { variable, grid } = chooseNetCdfVariable(dataset, values.var_name);
  const given = (key: string) => sources[key] !== undefined && sources[key]?.kind !== 'default';
  const configStep = given('steps') ? values.steps?.[0] : undefined;

  let times: Date[];
  let step: number | undefined;
  let irregular: string | undefined;
  if (values.timestamp) {
    const start = values.timestamp;
    const known = configStep ?? (await gridTimes(dataset, grid)).step;
    if (known === undefined && grid.time.length > 1)
      throw new FluxError('input', `${file.name}: with "timestamp" given, give "steps" too`);
    times = Array.from({ length: grid.time.length }, (_, k) => addSeconds(start, k * (known ?? 0)));
    step = known;
  } else {
    const decoded = await gridTimes(dataset, grid);
    times = decoded.times;
    ({ step, irregular } = regularity(times, configStep));
  }

  const x = Float64Array.from(
    coordinateValues(await dataset.readAll(grid.x.coordinate), grid.x.coordinate),
    longitude,
  );
  const y = coordinateValues(await dataset.readAll(grid.y.coordinate), grid.y.coordinate);
  const allCells = cellsOf(grid, x, y);
  const rules = valueRules(variable);
  const readStep = async (k: number) => decodeValues(await dataset.readStep(variable, k), rules);
  // The mask pass needs only which values are missing: no unpacking, no shortest forms.
  const maskRules = { ...rules, packed: false, shortest: false };

  // Cells missing at every step (an ocean mask) are left out of coord_index: one pass first.
  const present = new Uint8Array(allCells.length);
  for (let k = 0; k < grid.time.length; k++) {
    const stepValues = decodeValues(await dataset.readStep(variable, k), maskRules);
    for (let i = 0; i < present.length; i++) if (stepValues[i] === stepValues[i]) present[i] = 1;
  }
  const kept = Uint32Array.from(allCells.flatMap((_, i) => (present[i] === 1 ? [i] : [])));
  const parameter = values.parameters[0] as string;
  const format = compileFormats(values.formats)[parameter];

  const derived = {
    ...values,
    title: given('title')
      ? values.title
      : (textAttribute(variable, 'long_name') ?? textAttribute(dataset, 'title') ?? values.title),
    units: given('units')
      ? values.units
      : {
          ...values.units,
          ...(textAttribute(variable, 'units') !== undefined
            ? { [parameter]: textAttribute(variable, 'units') as string }
            : {}),
        },
    grid: given('grid')
      ? values.grid
      : { ...values.grid, x: spacing(x) ?? values.grid.x, y: spacing(y) ?? values.grid.y },
    ...(step !== undefined && !irregular && !given('steps') ? { steps: [step] } : {}),
  };
  const series: GridSeries = {
    kind: 'grid-series',
    coordinates: Array.from(kept, (i) => allCells[i] as [number, number]),
    parameters: [parameter],
    times,
    ...(irregular ? { irregular } : {}),
    leftOut: allCells.length - kept.length,
    async *frames() {
      for (let k = 0; k < times.length; k++) {
        const stepValues = await readStep(k);
        const out = new Float64Array(kept.length);
        for (let i = 0; i < kept.length; i++) out[i] = stepValues[kept[i] as number] as number;
        yield { time: times[k] as Date, values: { [parameter]: formatInPlace(out, format) } };
      }
    },
  };
  return {
    variable: findVariable(file.name, await file.variables(), variable.name),
    input: series,
    config: {
      ...config,
      values: derived,
      sources: {
        ...sources,
        ...Object.fromEntries(
          (['title', 'units', 'grid', 'steps'] as const)
            .filter((key) => derived[key] !== values[key])
            .map((key) => [key, { kind: 'data' as const, file: file.name }]),
        ),
      },
      floatPaths: given('grid')
        ? config.floatPaths
        : [...new Set([...config.floatPaths, 'grid.x', 'grid.y'])],
    },
  };
}
