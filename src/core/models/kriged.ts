import { FluxError } from '../errors.js';
import { compileFormats } from '../numbers/valueFormat.js';
import { formatTimestamp } from '../time/timestamps.js';
import { exactColumns, formatInPlace, namedColumns, pairs } from './columns.js';
import { expectInput, exportedConfig } from './exported.js';
import type { GridSeries } from './inputs.js';
import { requireTimestamp } from './timestamp.js';
import type { ModelDefinition } from './types.js';
import { describeRows, FIRST_SHOWN, type DataWarning } from '../checks/warning.js';
import { plural } from '../text/plural.js';

/**
 * `negative-error`: kriging variances below zero, whose square root is NaN (stored as null);
 * the original took the square root of them blindly. `rows` from 0.
 */
function negativeErrorWarning(rows: number[]): DataWarning | null {
  if (rows.length === 0) return null;
  return {
    check: 'negative-error',
    message: `"errors": ${plural(rows.length, 'variance')} ${rows.length === 1 ? 'is' : 'are'} negative before the square root (${describeRows(rows)}), stored as null`,
    parameter: 'errors',
    count: rows.length,
    rows: rows.slice(0, FIRST_SHOWN).map((row) => row + 1),
  };
}

/**
 * One kriged XCO2 field: n cells x 9 columns (y, x, values, errors, 5 unused). The errors
 * column holds kriging variances, so errors := sqrt(errors) before formatting (the
 * original's transform).
 */
export const krigedXco2Matrix: ModelDefinition = {
  name: 'KrigedXCO2Matrix',
  description: 'one kriged XCO2 field: n cells x 9 (y, x, values, errors, 5 unused), 6-day span',
  defaultMediator: 'Grid3DMediator',
  input: 'grid-series',
  defaults: {
    var_name: 'krigedData',
    title: 'Kriged XCO2 Test',
    columns: ['y', 'x', 'values', 'errors', '4', '5', '6', '7', '8'],
    header: ['lat', 'lng', 'xco2_ppm', 'error_ppm^2', '', '', '', '', ''],
    parameters: ['values', 'errors'],
    formats: { x: '%.5f', y: '%.5f', values: '%.2f', errors: '%.4f' },
    precision: 1,
    gridded: true,
    grid: { x: 1, y: 1, units: 'degrees' },
    spans: [518400],
    units: { x: 'degrees', y: 'degrees', values: 'ppm', errors: 'ppm' },
    regex: { regex: '^Kriged_(?P<timestamp>\\d{4}\\d{2}\\d{2})_.*$', map: { timestamp: '%Y%m%d' } },
  },
  defaultFloats: ['grid.x', 'grid.y'],
  needsTimestamp: true,
  shapeProblem: exactColumns(9, 'a kriged XCO2 matrix'),
  likelihood(fileName, _rows, columns) {
    return (columns === 9 ? 2 : 0) + (/^Kriged_/i.test(fileName) ? 2 : 0);
  },
  async read(reader, config): Promise<GridSeries> {
    const { values } = config;
    const time = requireTimestamp(this, config);
    const column = await namedColumns(reader, values.columns, this.name);
    const formats = compileFormats(values.formats);
    const parameterValues: Record<string, Float64Array> = {};
    const negative: number[] = [];
    for (const parameter of values.parameters) {
      const data = column(parameter);
      if (parameter === 'errors')
        for (let i = 0; i < data.length; i++) {
          if ((data[i] as number) < 0) negative.push(i);
          data[i] = Math.sqrt(data[i] as number);
        }
      parameterValues[parameter] = formatInPlace(data, formats[parameter]);
    }
    const warning = negativeErrorWarning(negative);
    return {
      kind: 'grid-series',
      coordinates: pairs(
        formatInPlace(column('x'), formats.x),
        formatInPlace(column('y'), formats.y),
      ),
      parameters: values.parameters,
      times: [time],
      ...(values.spans?.[0] !== undefined ? { span: values.spans[0] } : {}),
      async *frames() {
        yield { time, values: parameterValues };
      },
      ...(warning ? { warnings: [warning] } : {}),
    };
  },
  /**
   * One file per stored time. The file's errors column holds what the load takes the square
   * root of: the stored error squared (sqrt(s * s) is exactly s in binary floating point).
   */
  async *exportFiles(input, metadata) {
    const series = expectInput(this, input, 'grid-series');
    if (series.parameters.join() !== 'values,errors')
      throw new FluxError(
        'data',
        `dataset "${metadata._id}" holds ${series.parameters.join(', ')}; a ${this.name} holds values and errors`,
      );
    const { config, floatPaths } = exportedConfig(metadata, ['values', 'errors']);
    const cells = series.coordinates.length;
    const x = Float64Array.from(series.coordinates, ([value]) => value);
    const y = Float64Array.from(series.coordinates, ([, value]) => value);
    const unused = new Float64Array(cells);
    for await (const frame of series.frames()) {
      const values = frame.values.values as Float64Array;
      const errors = (frame.values.errors as Float64Array).map((error) => error * error);
      const span = frame.span ?? series.span;
      yield {
        suffix: formatTimestamp(frame.time).replace(/[-:]/g, ''),
        matrix: { name: 'krigedData', rows: cells, columns: 9 },
        async *columns() {
          yield* [y, x, values, errors, unused, unused, unused, unused, unused];
        },
        config: {
          ...config,
          timestamp: formatTimestamp(frame.time),
          ...(span !== undefined ? { spans: [span] } : {}),
          var_name: 'krigedData',
        },
        floatPaths,
      };
    }
  },
};
