import { isKnownKey, unknownKeyWarning } from '#core/config/keys.js';
import { parseOverrides } from '#core/config/overrides.js';
import { splitPattern } from '#core/operations/load/index.js';
import { siblingConfigPath, type LoadRequest } from '#core/operations/load/plan.js';
import { MODELS } from '#core/models/registry.js';
import type { ModelDefinition } from '#core/models/types.js';
import { describeForUi, inUiWords } from '../../errors.js';
import { selectedVariable, type LoadAnswers, type WizardState } from './state.js';

/**
 * The request the review checks and the load runs. `folder/*.mat` is the folder and its
 * pattern, as `-p folder --pattern '*.mat'`. An empty config field asks for the file's own .json
 * if there is one (each file's, for a pattern's files), as the CLI does without -c, unless the
 * operator emptied it (one file): then no config file at all.
 */
export function loadRequest(wizard: WizardState): LoadRequest {
  const variable = selectedVariable(wizard);
  const overrides = wizard.overrides.value.trim().replace(/[\s;]+$/, '');
  const config = wizard.config.value.trim();
  const path = wizard.path.value.trim();
  const batch = wizard.files !== null ? splitPattern(path) : null;
  return {
    ...(batch ?? { path }),
    model: (MODELS[wizard.model] as ModelDefinition).name,
    name: wizard.name.value,
    ...(config !== ''
      ? { configFile: config }
      : batch || !wizard.configEdited
        ? {}
        : { configFile: null }),
    ...(overrides ? { overrides } : {}),
    ...(variable ? { variable: variable.name } : {}),
    existing: wizard.existing,
  };
}

/** What a started load was asked, to offer again for the next file. */
export function loadAnswers(wizard: WizardState): LoadAnswers {
  const path = wizard.path.value.trim();
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const config = wizard.config.value.trim();
  // The file's own .json (or none beside it, left so): the next file's own. A pattern's
  // files with the field empty each took their own.
  const sibling =
    wizard.files !== null
      ? config === ''
      : config === siblingConfigPath(path) || (config === '' && !wizard.configEdited);
  return {
    folder: path.slice(0, slash + 1),
    model: (MODELS[wizard.model] as ModelDefinition).name,
    config: sibling ? { sibling: true } : { sibling: false, path: config },
    overrides: wizard.overrides.value.trim(),
  };
}

/**
 * What the settings text would be warned about, in the UI's words: a key no model uses (with
 * the one it most likely means), a key given twice. Shown as it is typed; the review repeats it.
 */
export function overridesWarnings(text: string): string[] {
  if (text.trim() === '') return [];
  try {
    const parsed = parseOverrides(text, { label: 'settings' });
    return [
      ...parsed.entries
        .filter((entry) => !isKnownKey(entry.key))
        .map((entry) => inUiWords(unknownKeyWarning('-o', entry.key))),
      ...parsed.warnings,
    ];
  } catch {
    return []; // overridesProblem says why
  }
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
