import type { AppState, Effect, Step } from '../types.js';
import { step } from '../types.js';
import { loadRequest } from './request.js';
import type { WizardState, WizardStep } from './state.js';

/** How long a check runs before the wizard says what it is still waiting for. */
export const SLOW_CHECK_MS = 1000;

/** The wizard in front with this state. */
export function update(app: AppState, wizard: WizardState, ...effects: Effect[]): Step {
  return step({ ...app, screen: { kind: 'load', wizard } }, ...effects);
}

/**
 * Starts checks (effects that wait for a disk or the server), with a reminder: if one is still
 * running a second later, the step says what it waits for (`slow`).
 */
export function checking(app: AppState, wizard: WizardState, ...effects: Effect[]): Step {
  const sequence = app.sequence + 1;
  return update({ ...app, sequence }, { ...wizard, reminder: sequence, slow: false }, ...effects, {
    type: 'remind',
    delayMs: SLOW_CHECK_MS,
    sequence,
  });
}

/** On to another step, leaving the last step's error and completions behind. */
export function go(
  app: AppState,
  wizard: WizardState,
  next: WizardStep,
  ...effects: Effect[]
): Step {
  const moved = { ...wizard, step: next, error: null, completions: [], completing: null };
  return effects.length ? checking(app, moved, ...effects) : update(app, moved);
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
  const next = { ...wizard, nameSubmitted: false };
  const config = wizard.config.value.trim();
  // A config path filled in (the last load's) is checked as the step opens.
  if (config !== '' && wizard.configProblem === undefined)
    return go(app, next, 'config', { type: 'checkConfig', path: config });
  // A pattern's files each take their own .json, where there is one: nothing to fill in.
  const first = config === '' && !wizard.configEdited && wizard.files === null;
  if (!first) return go(app, next, 'config');
  return go(app, { ...next, siblingPending: true }, 'config', {
    type: 'siblingConfig',
    path: wizard.path.value.trim(),
  });
}

/** Enter on the config file, or its check answering after Enter: on to the settings if it can. */
export function submitConfig(app: AppState, wizard: WizardState): Step {
  // Goes on when the check answers. The look for the sibling .json is not waited for: an
  // untouched empty field asks the load for the sibling if there is one (loadRequest).
  if (wizard.configProblem === undefined) return update(app, wizard);
  if (wizard.configProblem)
    return update(app, { ...wizard, configSubmitted: false, error: wizard.configProblem });
  return go(app, { ...wizard, configSubmitted: false }, 'overrides');
}
