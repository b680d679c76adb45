import { FluxError, UsageError } from '../errors.js';
import type { ModelDefinition } from '../models/types.js';
import { covarianceMediator } from './covariance.js';
import { grid3dMediator, grid4dMediator } from './grid.js';
import type { DataDocument, MediatorDefinition, StoredShape } from './types.js';
import { unstructured3dMediator } from './unstructured.js';
import type { DatasetMetadata } from '../metadata.js';

export const MEDIATORS = [
  grid4dMediator,
  grid3dMediator,
  unstructured3dMediator,
  covarianceMediator,
] as const;

export type MediatorName = (typeof MEDIATORS)[number]['name'];

/** The mediators in the order their `stored.recognises` is asked: the most specific first. */
const RECOGNITION_ORDER: readonly MediatorDefinition[] = [
  covarianceMediator,
  unstructured3dMediator,
  grid4dMediator,
  grid3dMediator,
];

/**
 * The mediator whose datasets look like this metadata (a dataset's metadata does not name the
 * mediator that wrote it, and another tool may have written it).
 */
export function storedMediator(metadata: DatasetMetadata): MediatorDefinition {
  return (
    RECOGNITION_ORDER.find((mediator) => mediator.stored.recognises(metadata)) ?? grid3dMediator
  );
}

/** The family of a stored dataset, as its metadata shows it. */
export function storedFamily(metadata: DatasetMetadata): StoredShape['family'] {
  return storedMediator(metadata).stored.family;
}

/**
 * What a stored document says of its dataset's family, when there is no metadata to ask:
 * observations have properties; a covariance matrix's columns are numbered; a grid's time
 * steps are times (a dataset of other _ids is read as a grid that lost its times).
 */
export function familyOfDocument(document: DataDocument): StoredShape['family'] {
  const item = Array.isArray(document.features)
    ? ((document.features[0] as DataDocument | undefined) ?? {})
    : document;
  if (item.properties && typeof item.properties === 'object') return 'observations';
  return typeof document._id === 'number' ? 'matrix' : 'grid';
}

/**
 * A mediator that reads a family's stored documents (both grid mediators store a time step
 * alike; what differs, the dates their metadata lists, is not read from documents).
 */
export function storedMediatorOfFamily(family: StoredShape['family']): MediatorDefinition {
  const mediator = RECOGNITION_ORDER.find((candidate) => candidate.stored.family === family);
  return mediator ?? grid3dMediator;
}

/** The mediator a load uses: the model's default, or the one -d names if it fits the model. */
export function chooseMediator(model: ModelDefinition, name?: string): MediatorDefinition {
  const wanted = name ?? model.defaultMediator;
  const mediator = (MEDIATORS as readonly MediatorDefinition[]).find(
    (candidate) => candidate.name === wanted,
  );
  if (!mediator) {
    throw new UsageError(
      `unknown mediator "${wanted}"; the mediators are ${MEDIATORS.map((m) => m.name).join(', ')}`,
    );
  }
  if (mediator.accepts !== model.input) {
    const fitting = MEDIATORS.filter((candidate) => candidate.accepts === model.input).map(
      (m) => m.name,
    );
    throw new FluxError(
      'input',
      `${mediator.name} cannot store ${model.name} data; use ${fitting.join(' or ')}`,
    );
  }
  return mediator;
}
