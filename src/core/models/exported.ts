import { FluxError } from '../errors.js';
import type { DatasetMetadata } from '../metadata.js';
import { doublesOf } from '../numbers/doubles.js';
import type { ModelInput } from './inputs.js';
import type { ModelDefinition } from './types.js';

/**
 * What every exported config says, from the stored metadata: its title, units and grid (their
 * numbers as they were stored), and no reformatting: `formats` empty and `precision` null, so
 * a load reads back the stored values exactly, whatever formats and precision first made them.
 */
export function exportedConfig(metadata: DatasetMetadata, parameters: string[]) {
  const config: Record<string, unknown> = {
    title: metadata.title ?? '',
    units: metadata.units ?? {},
    grid: metadata.grid ?? {},
    parameters,
    formats: {},
    precision: null,
  };
  const kept = ['title', 'units', 'grid'];
  const floatPaths = doublesOf(metadata).filter((path) =>
    kept.includes(path.split('.')[0] as string),
  );
  return { config, floatPaths };
}

/** A MATLAB variable name for a dataset name: letters, digits and _, starting with a letter. */
export function variableNameOf(dataset: string): string {
  const cleaned = dataset.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '');
  return (cleaned || 'data').slice(0, 63);
}

/** The input a model's export needs, or an error saying what the dataset is instead. */
export function expectInput<K extends ModelInput['kind']>(
  model: ModelDefinition,
  input: ModelInput,
  kind: K,
): Extract<ModelInput, { kind: K }> {
  if (input.kind !== kind)
    throw new FluxError('data', `${model.name} exports ${kind} data, not ${input.kind}`);
  return input as Extract<ModelInput, { kind: K }>;
}
