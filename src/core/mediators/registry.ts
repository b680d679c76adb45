import { FluxError, UsageError } from '../errors.js';
import type { ModelDefinition } from '../models/types.js';
import { covarianceMediator } from './covariance.js';
import { grid3dMediator, grid4dMediator } from './grid.js';
import type { MediatorDefinition } from './types.js';
import { unstructured3dMediator } from './unstructured.js';

export const MEDIATORS: readonly MediatorDefinition[] = [
  grid4dMediator,
  grid3dMediator,
  unstructured3dMediator,
  covarianceMediator,
];

/** The mediator a load uses: the model's default, or the one -d names if it fits the model. */
export function chooseMediator(model: ModelDefinition, name?: string): MediatorDefinition {
  const wanted = name ?? model.defaultMediator;
  const mediator = MEDIATORS.find((candidate) => candidate.name === wanted);
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
