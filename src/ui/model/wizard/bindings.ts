import type { Bindings } from '../bindings.js';
import {
  CTRL_C_BINDING,
  HELP_BINDING,
  LIST_BINDINGS,
  LOG_BINDING,
  LOG_HELP_BINDING,
  QUIT_BINDING,
  type AppAction,
} from '../commonBindings.js';
import type { ListMove } from '../listCursor.js';
import { loadingReason, shownLoad, type LoadRun } from '../loads.js';
import type { AppState } from '../types.js';
import type { WizardState, WizardStep } from './state.js';

export type WizardAction =
  | ListMove
  | 'open'
  | 'complete'
  | 'choose'
  | 'next'
  | 'review'
  | 'start'
  | 'skipExisting'
  | 'replaceExisting'
  | 'refuseExisting'
  | 'back'
  | 'cancel'
  | 'toList'
  | 'close';

type WizardBindings = Bindings<WizardAction | AppAction, AppState>;

const wizardOf = (app: AppState): WizardState | null =>
  app.screen.kind === 'load' ? app.screen.wizard : null;

const BACK = {
  action: 'back' as const,
  keys: ['escape'],
  label: 'Esc',
  description: 'back a step',
  hint: 'back',
};

const COMPLETE_PATH = {
  action: 'complete' as const,
  keys: ['tab'],
  label: 'Tab',
  description: 'complete the path',
  hint: 'complete',
};

/** Text steps leave every printable key to the field: Ctrl-C is the way out. */
const PATH_BINDINGS: WizardBindings = [
  {
    action: 'open',
    keys: ['enter'],
    label: 'Enter',
    description: 'open the file',
    hint: 'open',
    disabled: (app) =>
      wizardOf(app)?.reading !== null
        ? 'the file is being read'
        : wizardOf(app)?.path.value.trim() === ''
          ? 'type a path first'
          : null,
  },
  COMPLETE_PATH,
  { ...BACK, description: 'cancel the load', hint: 'cancel' },
  CTRL_C_BINDING,
];

/** The variable and the model are lists: one is chosen. */
const CHOICE_BINDINGS: WizardBindings = [
  ...LIST_BINDINGS,
  { action: 'choose', keys: ['enter'], label: 'Enter', description: 'choose', hint: 'choose' },
  BACK,
  LOG_HELP_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

const NEXT = {
  action: 'next' as const,
  keys: ['enter'],
  label: 'Enter',
  description: 'next step',
  hint: 'next',
};

const NAME_BINDINGS: WizardBindings = [
  NEXT,
  {
    action: 'complete',
    keys: ['tab'],
    label: 'Tab',
    description: 'complete the name of an existing dataset (to append to it)',
    hint: 'complete',
  },
  BACK,
  CTRL_C_BINDING,
];

const CONFIG_BINDINGS: WizardBindings = [NEXT, COMPLETE_PATH, BACK, CTRL_C_BINDING];

const OVERRIDES_BINDINGS: WizardBindings = [
  {
    action: 'review',
    keys: ['enter'],
    label: 'Enter',
    description: 'check the load',
    hint: 'review',
  },
  BACK,
  CTRL_C_BINDING,
];

/** A verify's last step: Enter compares, there is no review (nothing will be written). */
const VERIFY_OVERRIDES_BINDINGS: WizardBindings = [
  {
    action: 'review',
    keys: ['enter'],
    label: 'Enter',
    description: 'compare the file with the dataset',
    hint: 'verify',
  },
  BACK,
  CTRL_C_BINDING,
];

const reviewReady = (app: AppState) => {
  const review = wizardOf(app)?.review;
  return review?.status === 'ready'
    ? loadingReason(app, wizardOf(app)?.name.value)
    : review?.status === 'checking'
      ? 'the check is still running'
      : 'the check failed';
};

/** The choice between skipping, overwriting and refusing applies to times the dataset has. */
const existingPolicyApplies = (app: AppState) => {
  const review = wizardOf(app)?.review;
  return (review?.status === 'ready' && review.review.existingTimes > 0) ||
    (review?.status === 'failed' && review.existingTimes) ||
    (review?.status === 'checking' && wizardOf(app)?.existing !== 'error')
    ? null
    : 'only when the load brings times the dataset already has';
};

const REVIEW_BINDINGS: WizardBindings = [
  ...LIST_BINDINGS,
  {
    action: 'start',
    keys: ['enter'],
    label: 'Enter',
    description: 'start the load (with data warnings: press it twice)',
    hint: 'start',
    disabled: reviewReady,
  },
  {
    action: 'skipExisting',
    keys: ['s'],
    label: 's',
    description: 'times the dataset has: skip them',
    hint: 'skip',
    disabled: existingPolicyApplies,
  },
  {
    action: 'replaceExisting',
    keys: ['o'],
    label: 'o',
    description: 'times the dataset has: overwrite them',
    hint: 'overwrite',
    disabled: existingPolicyApplies,
  },
  {
    action: 'refuseExisting',
    keys: ['e'],
    label: 'e',
    description: 'times the dataset has: refuse the load',
    disabled: existingPolicyApplies,
  },
  { ...BACK, description: 'back to the settings' },
  LOG_HELP_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

const LOAD_RUNNING_BINDINGS: WizardBindings = [
  {
    action: 'cancel',
    keys: ['escape'],
    label: 'Esc',
    description: 'cancel the load (it undoes what it wrote)',
    hint: 'cancel',
    disabled: (app) => {
      const run = shownLoad(app)?.run;
      return run?.status === 'running' && run.cancelling ? 'already cancelling' : null;
    },
  },
  {
    action: 'toList',
    keys: ['enter'],
    label: 'Enter',
    description: 'back to the list; the load goes on (l on its row comes back here)',
    hint: 'list',
  },
  LOG_BINDING,
  HELP_BINDING,
  {
    ...QUIT_BINDING,
    disabled: () =>
      'a load is running: Esc cancels it, Enter leaves it running (Ctrl-C cancels it and quits)',
  },
];

const CLOSE = {
  action: 'close' as const,
  keys: ['enter'],
  label: 'Enter',
  description: 'back to the list',
  hint: 'list',
};

const LOAD_DONE_BINDINGS: WizardBindings = [
  CLOSE,
  { action: 'close', keys: ['escape'], label: 'Esc', description: 'back to the list' },
  LOG_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

/** After a failure or a cancel: the review again, every answer kept, or the list. */
const LOAD_ENDED_BINDINGS: WizardBindings = [
  CLOSE,
  {
    action: 'back',
    keys: ['escape'],
    label: 'Esc',
    description: 'back to the review, every answer kept (Enter there loads again)',
    hint: 'review',
  },
  LOG_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

/** Every step but the load keeps the same keys for as long as it is shown. */
const STEP_BINDINGS: Record<Exclude<WizardStep, 'load'>, WizardBindings> = {
  path: PATH_BINDINGS,
  variable: CHOICE_BINDINGS,
  model: CHOICE_BINDINGS,
  name: NAME_BINDINGS,
  config: CONFIG_BINDINGS,
  overrides: OVERRIDES_BINDINGS,
  review: REVIEW_BINDINGS,
};

/**
 * While loading, Esc cancels and Enter leaves it running; once it has ended, Enter leaves, and
 * Esc goes back to the review after a failure or a cancel.
 */
function loadingBindings(run: LoadRun | null): WizardBindings {
  if (run?.status === 'running') return LOAD_RUNNING_BINDINGS;
  return run?.status === 'failed' || run?.status === 'cancelled'
    ? LOAD_ENDED_BINDINGS
    : LOAD_DONE_BINDINGS;
}

/** The keys of the wizard's step (the load's follow its run, which is the app's). */
export function wizardBindings(wizard: WizardState, app: AppState): WizardBindings {
  if (wizard.verify && wizard.step === 'overrides') return VERIFY_OVERRIDES_BINDINGS;
  if (wizard.step !== 'load') return STEP_BINDINGS[wizard.step];
  return loadingBindings(app.loads[wizard.name.value]?.run ?? null);
}
