import { FluxError } from '../errors.js';
import { compileFormats } from '../numbers/valueFormat.js';
import { addSeconds } from '../time/timestamps.js';
import { columnIndex, formatInPlace, pairs } from './columns.js';
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
};
