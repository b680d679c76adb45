import { FluxError } from '../errors.js';
import { compileFormats } from '../numbers/valueFormat.js';
import { exactColumns, formatInPlace, namedColumns, pairs } from './columns.js';
import { expectInput, exportedConfig } from './exported.js';
import { formatTimestamp } from '../time/timestamps.js';
import type { ObservationSet } from './inputs.js';
import type { ModelDefinition } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Bias-corrected XCO2 retrievals: n observations x 6 (x, y, value, day of year, year, error).
 * An observation's time is 1 January of its year plus day-of-year days, so day 166 of 2009
 * is 2009-06-16: the original's convention, kept so that old and new loads agree. Each row
 * carries its own time, so this model needs no timestamp.
 */
export const xco2Matrix: ModelDefinition = {
  name: 'XCO2Matrix',
  description: 'XCO2 retrievals: n observations x 6 (x, y, value, day of year, year, error)',
  defaultMediator: 'Unstructured3DMediator',
  input: 'observations',
  defaults: {
    var_name: 'XCO2',
    title: 'Bias-Corrected XCO2 Retrievals',
    columns: ['x', 'y', 'value', '%j', '%Y', 'error'],
    header: ['lng', 'lat', 'xco2_ppm', 'day', 'year', 'error_ppm'],
    parameters: ['value', 'error'],
    formats: { x: '%.5f', y: '%.5f', value: '%.2f', error: '%.4f' },
    precision: null,
    gridded: false,
    grid: {},
    geometry: { collection: false, type: 'Point' },
    units: { x: 'degrees', y: 'degrees', value: 'ppm', error: 'ppm&sup2;' },
    regex: { regex: '^XCO2_(?P<timestamp>\\d{4}\\d{2}\\d{2})_.*$', map: { timestamp: '%Y%m%d' } },
  },
  needsTimestamp: false,
  shapeProblem: exactColumns(6, 'an XCO2 matrix'),
  likelihood(fileName, _rows, columns) {
    return (columns === 6 ? 2 : 0) + (/^XCO2_/i.test(fileName) ? 2 : 0);
  },
  async read(reader, config): Promise<ObservationSet> {
    const { values } = config;
    const column = await namedColumns(reader, values.columns, this.name);
    const formats = compileFormats(values.formats);
    const days = column('%j');
    const years = column('%Y');
    const times = Array.from(days, (day, row) => {
      const year = years[row] as number;
      if (!Number.isFinite(day) || !Number.isFinite(year) || year < 1 || year > 9999) {
        throw new FluxError(
          'input',
          `XCO2Matrix: row ${row + 1} has no usable day of year / year (${day}, ${year})`,
        );
      }
      // int() in Python truncates toward zero; so does Math.trunc.
      return new Date(Date.UTC(Math.trunc(year), 0, 1) + Math.trunc(day) * DAY_MS);
    });
    const parameterValues: Record<string, Float64Array> = {};
    for (const parameter of values.parameters) {
      parameterValues[parameter] = formatInPlace(column(parameter), formats[parameter]);
    }
    return {
      kind: 'observations',
      coordinates: pairs(
        formatInPlace(column('x'), formats.x),
        formatInPlace(column('y'), formats.y),
      ),
      times,
      parameters: values.parameters,
      values: parameterValues,
    };
  },
  /** Each observation's time back as its year and day of the year (whole days only). */
  async *exportFiles(input, metadata) {
    const observations = expectInput(this, input, 'observations');
    if (observations.parameters.join() !== 'value,error')
      throw new FluxError(
        'data',
        `dataset "${metadata._id}" holds ${observations.parameters.join(', ')}; an ${this.name} holds value and error`,
      );
    const count = observations.times.length;
    const days = new Float64Array(count);
    const years = new Float64Array(count);
    observations.times.forEach((time, row) => {
      const year = time.getUTCFullYear();
      const day = (time.getTime() - Date.UTC(year, 0, 1)) / DAY_MS;
      if (!Number.isInteger(day))
        throw new FluxError(
          'data',
          `dataset "${metadata._id}": an observation at ${formatTimestamp(time)} is not at midnight, which an ${this.name}'s day of the year cannot say`,
        );
      days[row] = day;
      years[row] = year;
    });
    const { config, floatPaths } = exportedConfig(metadata, ['value', 'error']);
    const multi = observations.geometry?.type.startsWith('Multi') ?? false;
    yield {
      suffix: '',
      matrix: { name: 'XCO2', rows: count, columns: 6 },
      async *columns() {
        yield Float64Array.from(observations.coordinates, ([x]) => x);
        yield Float64Array.from(observations.coordinates, ([, y]) => y);
        yield observations.values.value as Float64Array;
        yield days;
        yield years;
        yield observations.values.error as Float64Array;
      },
      config: {
        ...config,
        ...(multi ? { geometry: { collection: false, type: observations.geometry?.type } } : {}),
        var_name: 'XCO2',
      },
      floatPaths,
    };
  },
};
