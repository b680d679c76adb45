import { parseOverrides } from '#core/config/overrides.js';
import type { LoadRequest } from '#core/operations/load/plan.js';
import { MODELS } from '#core/models/registry.js';
import type { ModelDefinition } from '#core/models/types.js';
import { describeForUi } from '../../errors.js';
import { selectedVariable, type WizardState } from './state.js';

/** The request the review checks and the load runs. */
export function loadRequest(wizard: WizardState): LoadRequest {
  const variable = selectedVariable(wizard);
  const overrides = wizard.overrides.value.trim().replace(/[\s;]+$/, '');
  const config = wizard.config.value.trim();
  return {
    path: wizard.path.value.trim(),
    model: (MODELS[wizard.model] as ModelDefinition).name,
    name: wizard.name.value,
    configFile: config === '' ? null : config,
    ...(overrides ? { overrides } : {}),
    ...(variable ? { variable: variable.name } : {}),
    existing: wizard.existing,
  };
}

/** Why the settings text cannot be used, in the UI's words, or null. */
export function overridesProblem(text: string): string | null {
  if (text.trim() === '') return null;
  try {
    parseOverrides(text, { label: 'settings' });
    return null;
  } catch (error) {
    return describeForUi(error).text;
  }
}
