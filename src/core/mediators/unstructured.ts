import { FluxError } from '../errors.js';
import type { Coordinates, ObservationSet } from '../models/inputs.js';
import { DATE_BYTES, DOCUMENT_OVERHEAD, DOUBLE_BYTES, fieldBytes } from './bsonSize.js';
import { formatDates, metadataDocument, sortedTimes } from './metadata.js';
import { listedDates } from './storedTimes.js';
import type {
  BuiltDocument,
  DataDocument,
  MediatorDefinition,
  PreparedData,
  StoredParameterValues,
} from './types.js';
import { storedValue } from './values.js';
import { statsOf } from '../metadata.js';

/** BSON bytes of {timestamp, coordinates: [x, y], properties: {...}} with these values. */
function observationBytes(parameters: string[], nulls: number): number {
  const coordinates = fieldBytes('coordinates', 4 + 2 * (1 + 2 + DOUBLE_BYTES) + 1);
  const properties = fieldBytes(
    'properties',
    DOCUMENT_OVERHEAD +
      parameters.reduce((total, name) => total + fieldBytes(name, DOUBLE_BYTES), 0) -
      nulls * DOUBLE_BYTES,
  );
  return DOCUMENT_OVERHEAD + fieldBytes('timestamp', DATE_BYTES) + coordinates + properties;
}

/**
 * Observations at arbitrary points: one document per observation
 * {timestamp, coordinates: [x, y], properties: {value, error}}, or, when the geometry type
 * is a Multi- one, a single {features: [...]} document. Values keep their format (no
 * precision rounding: the original did not round these); NaN is stored as null.
 */
export const unstructured3dMediator: MediatorDefinition<'Unstructured3DMediator'> = {
  name: 'Unstructured3DMediator',
  description:
    'one document per observation (or one {features} document for Multi geometries); dates newest first',
  accepts: 'observations',
  timeKey: 'timestamp',
  appendable: true,
  prepare(input, config): PreparedData {
    if (input.kind !== 'observations') {
      throw new FluxError('input', `Unstructured3DMediator stores observations, not ${input.kind}`);
    }
    const observations: ObservationSet = input;
    const multi = (config.values.geometry?.type ?? 'Point').startsWith('Multi');
    const count = observations.times.length;
    const { parameters } = observations;
    const perObservation = observationBytes(parameters, 0);
    // One {features: [...]} document: each feature is an embedded document in an array.
    const featuresBytes =
      DOCUMENT_OVERHEAD + 1 + 9 + 4 + count * (1 + String(count).length + 1 + perObservation) + 1;
    const build = (row: number) => {
      const properties: Record<string, number | null> = {};
      let nulls = 0;
      for (const parameter of parameters) {
        const value = storedValue(
          (observations.values[parameter] as Float64Array)[row] as number,
          null,
        );
        properties[parameter] = value;
        if (value === null) nulls++;
      }
      const document: DataDocument = {
        timestamp: observations.times[row],
        coordinates: observations.coordinates[row],
        properties,
      };
      return { document, properties, bytes: observationBytes(parameters, nulls) };
    };
    return {
      coordinates: observations.coordinates,
      times: sortedTimes(observations.times, 'oldest-first'),
      documentCount: multi ? 1 : count,
      maxDocumentBytes: multi ? featuresBytes : perObservation,
      parameters,
      async *documents(keep) {
        const rows = [...Array(count).keys()].filter(
          (row) => !keep || keep(observations.times[row] as Date),
        );
        if (multi) {
          const features = rows.map((row) => build(row));
          const values: BuiltDocument['values'] = {};
          for (const parameter of parameters)
            values[parameter] = features.map((f) => f.properties[parameter] ?? null);
          yield {
            document: { features: features.map((f) => f.document) },
            values,
            bytes: featuresBytes,
            valueCount: rows.length * parameters.length,
          };
          return;
        }
        for (const row of rows) {
          const { document, properties, bytes } = build(row);
          const values: BuiltDocument['values'] = {};
          for (const parameter of parameters) values[parameter] = [properties[parameter] ?? null];
          yield { document, values, bytes, valueCount: parameters.length };
        }
      },
    };
  },
  metadata(state) {
    const { values } = state.config;
    return metadataDocument({
      name: state.name,
      config: values,
      floatPaths: state.config.floatPaths,
      dates: formatDates(sortedTimes(state.times, 'newest-first')),
      ...(state.bbox !== undefined ? { bbox: state.bbox } : {}),
      timing: {
        ...(values.steps ? { steps: values.steps } : {}),
        ...(values.spans ? { spans: values.spans } : {}),
      },
      stats: state.stats,
      ...(state.extra ? { extra: state.extra } : {}),
    });
  },
  stored: {
    family: 'observations',
    recognises: (metadata) => metadata.gridded === false,
    listedTimes: listedDates,
    parametersIn: (document) => {
      const [first] = observationsIn(document);
      const properties = first?.properties;
      return properties && typeof properties === 'object' ? Object.keys(properties) : [];
    },
    valuesIn: (document, parameter): StoredParameterValues =>
      observationsIn(document).map((observation) => {
        const value = (observation.properties as Record<string, unknown> | undefined)?.[parameter];
        return [typeof value === 'number' ? value : null];
      }),
  },
  /** Observations are read whole, as a load holds them whole. */
  async inverse({ metadata, documents }) {
    const parameters = Object.keys(statsOf(metadata));
    const coordinates: Coordinates = [];
    const times: Date[] = [];
    const columns: Record<string, number[]> = Object.fromEntries(parameters.map((p) => [p, []]));
    let multi = false;
    for await (const document of documents()) {
      multi ||= Array.isArray(document.features);
      for (const observation of observationsIn(document)) {
        const point = observation.coordinates as unknown[];
        coordinates.push([Number(point[0]), Number(point[1])]);
        times.push(observation.timestamp as Date);
        const properties = (observation.properties ?? {}) as Record<string, unknown>;
        for (const parameter of parameters) {
          const value = properties[parameter];
          (columns[parameter] as number[]).push(typeof value === 'number' ? value : Number.NaN);
        }
      }
    }
    const values = Object.fromEntries(
      parameters.map((parameter) => [parameter, Float64Array.from(columns[parameter] ?? [])]),
    );
    return {
      kind: 'observations',
      parameters,
      coordinates,
      times,
      values,
      ...(multi ? { geometry: { type: 'MultiPoint' } } : {}),
    };
  },
};

/** The observations of a stored document: itself, or each of its features. */
function observationsIn(document: DataDocument): DataDocument[] {
  return Array.isArray(document.features) ? (document.features as DataDocument[]) : [document];
}
