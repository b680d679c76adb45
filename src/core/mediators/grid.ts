import type { EffectiveConfig } from '../config/effective.js';
import { Tally } from '../checks/values.js';
import { FluxError } from '../errors.js';
import { formatTimestamp, parseTimestamp } from '../time/timestamps.js';
import type { GridSeries } from '../models/inputs.js';
import {
  DATE_BYTES,
  DOCUMENT_OVERHEAD,
  DOUBLE_BYTES,
  fieldBytes,
  numberArrayBytes,
} from './bsonSize.js';
import { formatDates, metadataDocument, sortedTimes } from './metadata.js';
import { describesSeries, listedDates, seriesTimes } from './storedTimes.js';
import type {
  BuiltDocument,
  DatasetState,
  MediatorDefinition,
  PreparedData,
  StoredDataset,
  StoredShape,
} from './types.js';
import { arrayParameters, arrayValuesIn, nullsAsNaN, storedValues } from './values.js';
import { statsOf, type DatasetMetadata } from '../metadata.js';

/**
 * Grid4DMediator and Grid3DMediator store a grid series the same way, one document per time
 * {_id: Date, [_span,] values: [...], ...} in coord_index order; they differ in what the
 * metadata says about time: Grid4D gives [first, last] and the steps between, Grid3D every
 * date (oldest first) and each one's span.
 */
function gridMediator<Name extends string>(
  name: Name,
  description: string,
  dates: 'range' | 'every',
): MediatorDefinition<Name> {
  return {
    name,
    ...(dates === 'range' ? { appendProblem: regularSeriesProblem } : {}),
    description,
    accepts: 'grid-series',
    timeKey: '_id',
    appendable: true,
    prepare(input, config): PreparedData {
      if (input.kind !== 'grid-series')
        throw new FluxError('input', `${name} stores gridded series, not ${input.kind}`);
      const series: GridSeries = input;
      if (dates === 'range' && series.irregular)
        throw new FluxError(
          'input',
          `${name}: ${series.irregular}; load it with -d Grid3DMediator`,
        );
      if (dates === 'range' && !config.values.steps) {
        throw new FluxError(
          'input',
          `${name} needs "steps" (seconds between time steps) in the config`,
        );
      }
      const cells = series.coordinates.length;
      const withSpan = dates === 'every' && series.span !== undefined;
      const fixedBytes =
        DOCUMENT_OVERHEAD +
        fieldBytes('_id', DATE_BYTES) +
        (withSpan ? fieldBytes('_span', DOUBLE_BYTES) : 0);
      const maxDocumentBytes =
        fixedBytes +
        series.parameters.reduce(
          (total, parameter) => total + fieldBytes(parameter, numberArrayBytes(cells)),
          0,
        );
      const precision = config.values.precision;
      return {
        coordinates: series.coordinates,
        times: series.times,
        documentCount: series.times.length,
        maxDocumentBytes,
        parameters: series.parameters,
        async *documents(keep, options) {
          for await (const frame of series.frames()) {
            if (keep && !keep(frame.time)) continue;
            const document: Record<string, unknown> = { _id: frame.time };
            if (withSpan) document._span = series.span;
            const values: BuiltDocument['values'] = {};
            const tallies: Record<string, Tally> | undefined = options?.tally ? {} : undefined;
            let bytes = fixedBytes;
            let valueCount = 0;
            for (const parameter of series.parameters) {
              const raw = frame.values[parameter] as Float64Array;
              if (raw.length !== cells) {
                throw new FluxError(
                  'input',
                  `${name}: a time step has ${raw.length} values for ${cells} grid cells`,
                );
              }
              const tally = tallies ? (tallies[parameter] = new Tally()) : undefined;
              const { stored, nulls } = storedValues(raw, precision, tally);
              document[parameter] = stored;
              values[parameter] = stored;
              bytes += fieldBytes(parameter, numberArrayBytes(cells, nulls));
              valueCount += cells;
            }
            yield { document, values, bytes, valueCount, ...(tallies ? { tallies } : {}) };
          }
        },
      };
    },
    metadata(state: DatasetState) {
      const { values } = state.config;
      const times = sortedTimes(state.times, 'oldest-first');
      const shown =
        dates === 'range'
          ? [times[0], times.at(-1)].filter((t): t is Date => t !== undefined)
          : times;
      const timing =
        dates === 'range'
          ? { ...(values.steps ? { steps: values.steps } : {}) }
          : values.spans
            ? { spans: times.map((time) => state.spanOf(time) ?? (values.spans?.[0] as number)) }
            : values.steps
              ? { steps: values.steps }
              : {};
      return metadataDocument({
        name: state.name,
        config: values,
        floatPaths: state.config.floatPaths,
        dates: formatDates(shown),
        ...(state.bbox !== undefined ? { bbox: state.bbox } : {}),
        timing,
        stats: state.stats,
        ...(state.extra ? { extra: state.extra } : {}),
      });
    },
    stored: dates === 'range' ? SERIES_SHAPE : EVERY_DATE_SHAPE,
    inverse: async (dataset) =>
      gridSeriesOf(dataset, dates === 'range' ? seriesTimes : listedDates),
  };
}

const gridShape = {
  family: 'grid',
  parametersIn: arrayParameters,
  valuesIn: arrayValuesIn,
} satisfies Omit<StoredShape, 'recognises' | 'listedTimes'>;

const SERIES_SHAPE: StoredShape = {
  ...gridShape,
  recognises: describesSeries,
  listedTimes: seriesTimes,
};

/** Every gridded dataset that is not a series (nor a covariance matrix, recognised first). */
const EVERY_DATE_SHAPE: StoredShape = {
  ...gridShape,
  recognises: (metadata) => metadata.gridded !== false,
  listedTimes: listedDates,
};

/** A stored grid dataset as the series it was loaded from: one frame per stored document. */
function gridSeriesOf(
  dataset: StoredDataset,
  listedTimes: (metadata: DatasetMetadata) => Date[],
): GridSeries {
  const { metadata } = dataset;
  if (!dataset.coordinates)
    throw new FluxError('data', `dataset "${metadata._id}" has no coord_index: its grid is lost`);
  const spans = Array.isArray(metadata.spans) ? metadata.spans : [];
  const span = spans.length > 0 ? Number(spans[0]) : undefined;
  const parameters = Object.keys(statsOf(metadata));
  return {
    kind: 'grid-series',
    coordinates: dataset.coordinates,
    parameters,
    times: listedTimes(metadata),
    ...(span !== undefined ? { span } : {}),
    async *frames() {
      for await (const document of dataset.documents()) {
        const time = document._id;
        if (!(time instanceof Date))
          throw new FluxError('data', `dataset "${metadata._id}": a document has no time _id`);
        const values: Record<string, Float64Array> = {};
        for (const parameter of parameters)
          values[parameter] = nullsAsNaN(document[parameter], dataset.coordinates?.length ?? 0);
        const span = document._span;
        yield { time, values, ...(typeof span === 'number' ? { span } : {}) };
      }
    },
  };
}

/**
 * Grid4D metadata describes its times as [first, last] every steps[0] seconds, so the web
 * client computes each time step from them: after an append the times must still be exactly
 * that series, with no gap and no step of another length.
 */
function regularSeriesProblem(
  previous: DatasetMetadata,
  added: Date[],
  config: EffectiveConfig,
): string | null {
  const step = config.values.steps?.[0];
  const previousSteps = previous.steps;
  if (!step) return 'Grid4DMediator needs "steps"';
  if (!Array.isArray(previousSteps) || previousSteps[0] !== step) {
    return `the dataset's steps are ${JSON.stringify(previousSteps)} but this load's are ${JSON.stringify(config.values.steps)}`;
  }
  const dates = Array.isArray(previous.dates)
    ? previous.dates.map((text) => parseTimestamp(String(text)))
    : [];
  const [first, last] = [dates[0], dates.at(-1)];
  if (!first || !last) return "the dataset's metadata has no [first, last] dates";
  const all = new Set<number>();
  for (let time = first.getTime(); time <= last.getTime(); time += step * 1000) all.add(time);
  for (const time of added) all.add(time.getTime());
  const sorted = [...all].sort((a, b) => a - b);
  for (let k = 1; k < sorted.length; k++) {
    if ((sorted[k] as number) - (sorted[k - 1] as number) !== step * 1000) {
      const expected = new Date((sorted[k - 1] as number) + step * 1000);
      return `the times would no longer be one series every ${step} s: ${formatTimestamp(expected)} would be missing (or misaligned) between ${formatTimestamp(new Date(sorted[k - 1] as number))} and ${formatTimestamp(new Date(sorted[k] as number))}`;
    }
  }
  return null;
}

export const grid4dMediator = gridMediator(
  'Grid4DMediator',
  'one document per time step; metadata dates are [first, last] with the steps between',
  'range',
);

export const grid3dMediator = gridMediator(
  'Grid3DMediator',
  'one document per time with its span; metadata lists every date, oldest first',
  'every',
);
