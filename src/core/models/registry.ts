import { UsageError } from '../errors.js';
import { covarianceMatrix } from './covariance.js';
import { krigedXco2Matrix } from './kriged.js';
import { netcdfGrid } from './netcdfGrid.js';
import { spatioTemporalMatrix } from './spatioTemporal.js';
import { xco2Matrix } from './xco2.js';
import type { ModelDefinition } from './types.js';

export type { MediatorName, ModelDefinition } from './types.js';

export const MODELS: readonly ModelDefinition[] = [
  spatioTemporalMatrix,
  krigedXco2Matrix,
  xco2Matrix,
  covarianceMatrix,
  netcdfGrid,
];

export function findModel(name: string): ModelDefinition {
  const model = MODELS.find((candidate) => candidate.name === name);
  if (!model) {
    throw new UsageError(
      `unknown model "${name}"; the models are ${MODELS.map((m) => m.name).join(', ')}`,
    );
  }
  return model;
}

/** The model a file most likely holds, for a default choice in the TUI. */
export function guessModel(fileName: string, rows: number, columns: number): ModelDefinition {
  const scored = MODELS.map((model) => ({
    model,
    score: model.likelihood(fileName, rows, columns),
  }));
  scored.sort((a, b) => b.score - a.score);
  return (scored[0] as { model: ModelDefinition }).model;
}
