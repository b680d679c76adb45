import { FluxError } from '../errors.js';
import { compileFormats } from '../numbers/valueFormat.js';
import { addSeconds, formatTimestamp } from '../time/timestamps.js';
import { columnIndex, formatInPlace, pairs } from './columns.js';
import { expectInput, exportedConfig, variableNameOf } from './exported.js';
import type { GridSeries } from './inputs.js';
import { requireTimestamp } from './timestamp.js';
import type { ModelDefinition } from './types.js';

/** n cells x (2 + T): x, y, then one column per time step, `steps[0]` seconds apart. */
export const spatioTemporalMatrix: ModelDefinition = {
  name: 'SpatioTemporalMatrix',
  description:
    'gridded time series: n cells x (x, y, one column per time step), e.g. CASA-GFED fluxes',
  defaultMediator: 'Grid4DMediator',
  input: 'grid-series',
  defaults: {
    columns: ['x', 'y'],
    header: ['lng', 'lat'],
    parameters: ['values'],
    formats: { x: '%.5f', y: '%.5f' },
    precision: 2,
    gridded: true,
    grid: { units: 'degrees', x: 1, y: 1 },
    steps: [10800],
    title: '',
    units: { x: 'degrees', y: 'degrees' },
  },
  defaultFloats: ['grid.x', 'grid.y'],
  needsTimestamp: true,
  shapeProblem(_rows, columns) {
    return columns < 3
      ? `it has ${columns} columns; x, y and at least one time step (3 columns) are needed`
      : null;
  },
  likelihood(_fileName, _rows, columns) {
    return columns >= 3 && columns !== 6 && columns !== 9 ? 2 : 1;
  },
  async read(reader, config): Promise<GridSeries> {
    const { values } = config;
    const start = requireTimestamp(this, config);
    const step = values.steps?.[0];
    if (step === undefined)
      throw new FluxError('input', 'SpatioTemporalMatrix needs "steps" (seconds between columns)');
    const leading = values.columns.length;
    if (leading < 2 || reader.columns <= leading) {
      throw new FluxError(
        'input',
        `SpatioTemporalMatrix: the matrix has ${reader.columns} columns but config "columns" names ${leading} leading ones`,
      );
    }
    const formats = compileFormats(values.formats);
    const [first, second] = [
      columnIndex(values.columns, 'x', this.name),
      columnIndex(values.columns, 'y', this.name),
    ];
    const coordinateColumns: Float64Array[] = [];
    for await (const column of reader.readColumns(0, leading)) coordinateColumns.push(column);
    const x = formatInPlace(coordinateColumns[first] as Float64Array, formats.x);
    const y = formatInPlace(coordinateColumns[second] as Float64Array, formats.y);
    const parameter = values.parameters[0] as string;
    const count = reader.columns - leading;
    const times = Array.from({ length: count }, (_, k) => addSeconds(start, k * step));
    return {
      kind: 'grid-series',
      coordinates: pairs(x, y),
      parameters: [parameter],
      times,
      async *frames() {
        let k = 0;
        for await (const column of reader.readColumns(leading, reader.columns)) {
          yield {
            time: times[k++] as Date,
            values: { [parameter]: formatInPlace(column, formats[parameter]) },
          };
        }
      },
    };
  },
  async *exportFiles(input, metadata) {
    const series = expectInput(this, input, 'grid-series');
    const [parameter] = series.parameters;
    const step = Array.isArray(metadata.steps) ? Number(metadata.steps[0]) : NaN;
    const [first] = series.times;
    if (series.parameters.length !== 1 || parameter === undefined)
      throw new FluxError(
        'data',
        `a ${this.name} has one parameter, not ${series.parameters.length}`,
      );
    if (!first || !(step > 0))
      throw new FluxError(
        'data',
        `dataset "${metadata._id}" has no times, or no "steps", to export`,
      );
    series.times.forEach((time, k) => {
      if (time.getTime() !== addSeconds(first, k * step).getTime())
        throw new FluxError(
          'data',
          `dataset "${metadata._id}": its times are not one series every ${step} s (${formatTimestamp(time)} is time ${k + 1}), which a ${this.name} cannot hold`,
        );
    });
    const { config, floatPaths } = exportedConfig(metadata, [parameter]);
    const name = variableNameOf(metadata._id);
    const cells = series.coordinates.length;
    yield {
      suffix: '',
      matrix: { name, rows: cells, columns: 2 + series.times.length },
      async *columns() {
        yield Float64Array.from(series.coordinates, ([x]) => x);
        yield Float64Array.from(series.coordinates, ([, y]) => y);
        for await (const frame of series.frames()) yield frame.values[parameter] as Float64Array;
      },
      config: {
        ...config,
        steps: [step],
        timestamp: formatTimestamp(first),
        var_name: name,
      },
      floatPaths,
    };
  },
};
