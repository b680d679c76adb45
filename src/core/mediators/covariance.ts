import { FluxError } from '../errors.js';
import { DOCUMENT_OVERHEAD, INT32_BYTES, fieldBytes, numberArrayBytes } from './bsonSize.js';
import { formatDates, metadataDocument } from './metadata.js';
import { listedDates } from './storedTimes.js';
import type { MediatorDefinition, PreparedData } from './types.js';
import { arrayParameters, arrayValuesIn, nullsAsNaN, storedValues } from './values.js';
import { statsOf } from '../metadata.js';

/**
 * CovarianceMediator (the original had none and crashed): one document per column of the
 * n x n matrix, {_id: column index, values: [n values]}, rounded to the model's precision.
 * A covariance matrix has no coordinates, so there is no coord_index entry and no bbox; the
 * metadata says what the dataset is with `covariance: {size: n}`. See docs/covariance.md.
 */
export const covarianceMediator: MediatorDefinition<'CovarianceMediator'> = {
  name: 'CovarianceMediator',
  description: 'one document per matrix column {_id: index, values}; no coord_index',
  accepts: 'square-matrix',
  timeKey: 'none',
  appendable: false,
  prepare(input, config): PreparedData {
    if (input.kind !== 'square-matrix')
      throw new FluxError('input', `CovarianceMediator stores square matrices, not ${input.kind}`);
    const { size, parameters } = input;
    const parameter = parameters[0] as string;
    const fixedBytes = DOCUMENT_OVERHEAD + fieldBytes('_id', INT32_BYTES);
    return {
      coordinates: null,
      times: [input.time],
      documentCount: size,
      maxDocumentBytes: fixedBytes + fieldBytes(parameter, numberArrayBytes(size)),
      parameters: [parameter],
      metadataExtra: { covariance: { size } },
      async *documents() {
        let index = 0;
        for await (const column of input.columns()) {
          const { stored, nulls } = storedValues(column, config.values.precision);
          yield {
            document: { _id: index++, [parameter]: stored },
            values: { [parameter]: stored },
            bytes: fixedBytes + fieldBytes(parameter, numberArrayBytes(size, nulls)),
            valueCount: size,
          };
        }
      },
    };
  },
  metadata(state) {
    return metadataDocument({
      name: state.name,
      config: state.config.values,
      floatPaths: state.config.floatPaths,
      dates: formatDates(state.times),
      stats: state.stats,
      ...(state.extra ? { extra: state.extra } : {}),
    });
  },
  stored: {
    family: 'matrix',
    recognises: (metadata) => metadata.covariance !== undefined,
    listedTimes: listedDates,
    parametersIn: arrayParameters,
    valuesIn: arrayValuesIn,
  },
  async inverse({ metadata, documents }) {
    const size = Number(metadata.covariance?.size);
    const [time] = listedDates(metadata);
    const parameters = Object.keys(statsOf(metadata));
    const parameter = parameters[0];
    if (!Number.isInteger(size) || !time || !parameter)
      throw new FluxError(
        'data',
        `dataset "${metadata._id}": its metadata lacks the matrix size, date or statistics`,
      );
    return {
      kind: 'square-matrix',
      size,
      time,
      parameters,
      async *columns() {
        for await (const document of documents()) yield nullsAsNaN(document[parameter], size);
      },
    };
  },
};
