import type { AppState, Effect, Step } from '../types.js';
import { step } from '../types.js';
import { loadRequest } from './request.js';
import type { WizardState, WizardStep } from './state.js';

/** The wizard in front with this state. */
export function update(app: AppState, wizard: WizardState, ...effects: Effect[]): Step {
  return step({ ...app, screen: { kind: 'load', wizard } }, ...effects);
}

/** On to another step, leaving the last step's error and completions behind. */
export function go(
  app: AppState,
  wizard: WizardState,
  next: WizardStep,
  ...effects: Effect[]
): Step {
  return update(app, { ...wizard, step: next, error: null, completions: [] }, ...effects);
}

export function startReview(app: AppState, wizard: WizardState): Step {
  const sequence = app.sequence + 1;
  return go(
    { ...app, sequence },
    { ...wizard, review: { status: 'checking', sequence }, reviewLine: 0 },
    'review',
    { type: 'review', request: loadRequest(wizard), sequence },
  );
}

/** Enter on the name, or its check answering after Enter: on to the config file if it can. */
export function submitName(app: AppState, wizard: WizardState): Step {
  if (wizard.name.value === '')
    return update(app, { ...wizard, nameSubmitted: false, error: 'type a name for the dataset' });
  const check = wizard.nameCheck;
  if (check === null) return update(app, wizard); // goes on when the check answers
  if (!check.ok) return update(app, { ...wizard, nameSubmitted: false, error: check.reason });
  const first = wizard.config.value === '' && !wizard.configEdited;
  return go(
    app,
    { ...wizard, nameSubmitted: false },
    'config',
    ...(first ? [{ type: 'siblingConfig' as const, path: wizard.path.value.trim() }] : []),
  );
}

/** Enter on the config file, or its check answering after Enter: on to the settings if it can. */
export function submitConfig(app: AppState, wizard: WizardState): Step {
  if (wizard.configProblem === undefined) return update(app, wizard); // goes on when the check answers
  if (wizard.configProblem)
    return update(app, { ...wizard, configSubmitted: false, error: wizard.configProblem });
  return go(app, { ...wizard, configSubmitted: false }, 'overrides');
}
