import type { VariableInfo } from '#core/formats/types.js';
import type { FileListing } from '#core/operations/inspectFile.js';
import type { LoadProgress } from '#core/operations/load/execute.js';
import type { ExistingPolicy, LoadRequest } from '#core/operations/load/plan.js';
import type { LoadReview } from '#core/operations/load/review.js';
import { parseOverrides } from '#core/config/overrides.js';
import { ExistingTimesError } from '#core/operations/load/target.js';
import { guessModel, MODELS } from '#core/models/registry.js';
import type { ModelDefinition } from '#core/models/types.js';
import { describeForUi } from '../errors.js';
import type { LoadOutcome, NameCheck } from '../services.js';
import type { Key } from '../terminal/keys.js';
import type { Bindings } from './bindings.js';
import { CTRL_C_BINDING, HELP_BINDING, LIST_BINDINGS, QUIT_BINDING } from './commonBindings.js';
import { bodyHeight } from './layout.js';
import { moveSelection, type ListMove } from './listCursor.js';
import { reviewLines } from './reviewLines.js';
import { editText, textField, type TextField } from './textField.js';
import type { AppState, Effect, Msg, Step } from './types.js';
import { step } from './types.js';

/** The steps of the guided load, in order; the first six ask, the last two do. */
export const WIZARD_STEPS = [
  'path',
  'variable',
  'model',
  'name',
  'config',
  'overrides',
  'review',
  'load',
] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const STEP_TITLES: Record<WizardStep, string> = {
  path: 'the file',
  variable: 'the variable',
  model: 'the model',
  name: 'the dataset name',
  config: 'the config file',
  overrides: 'settings',
  review: 'review',
  load: 'loading',
};

export type ReviewStatus =
  | { status: 'checking'; sequence: number }
  | { status: 'ready'; review: LoadReview }
  | { status: 'failed'; text: string; existingTimes: boolean };

export type LoadRun =
  | { status: 'running'; progress: LoadProgress | null; cancelling: boolean }
  | { status: 'done'; outcome: LoadOutcome }
  | { status: 'failed'; text: string; connection: boolean }
  | { status: 'cancelled' };

export interface WizardState {
  step: WizardStep;
  path: TextField;
  /** Names Tab found for the path or config field, until the next edit. */
  completions: string[];
  /** The inspect in flight (Enter on the path), by request number. */
  reading: number | null;
  listing: FileListing | null;
  variable: number;
  model: number;
  name: TextField;
  nameCheck: NameCheck | null;
  /** Enter was pressed before the name's check answered: go on when it does. */
  nameSubmitted: boolean;
  config: TextField;
  /** The config field was edited by the operator (the sibling .json is not filled in over it). */
  configEdited: boolean;
  /** undefined while the check runs. */
  configProblem: string | null | undefined;
  /** Enter was pressed before the config file's check answered: go on when it does. */
  configSubmitted: boolean;
  overrides: TextField;
  overridesProblem: string | null;
  existing: ExistingPolicy;
  review: ReviewStatus | null;
  /** The selected line of the review (it scrolls). */
  reviewLine: number;
  run: LoadRun | null;
  /** Why the step cannot go on, until the next key. */
  error: string | null;
}

export function initialWizard(): WizardState {
  return {
    step: 'path',
    path: textField(),
    completions: [],
    reading: null,
    listing: null,
    variable: 0,
    model: 0,
    name: textField(),
    nameCheck: null,
    nameSubmitted: false,
    config: textField(),
    configEdited: false,
    configProblem: null,
    configSubmitted: false,
    overrides: textField(),
    overridesProblem: null,
    existing: 'error',
    review: null,
    reviewLine: 0,
    run: null,
    error: null,
  };
}

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
  | 'close'
  | 'help'
  | 'quit';

const wizardOf = (app: AppState): WizardState | null =>
  app.screen.kind === 'load' ? app.screen.wizard : null;

const running = (app: AppState) => wizardOf(app)?.run?.status === 'running';

const QUIT_WHILE_LOADING = {
  ...QUIT_BINDING,
  disabled: (app: AppState) =>
    running(app) ? 'a load is running: Esc cancels it (Ctrl-C cancels it and quits)' : null,
};

const BACK = {
  action: 'back' as const,
  keys: ['escape'],
  label: 'Esc',
  description: 'back a step',
  hint: 'back',
};

/** The keys of each step: text steps leave every printable key to the field. */
export function wizardBindings(wizard: WizardState): Bindings<WizardAction, AppState> {
  switch (wizard.step) {
    case 'path':
      return [
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
        {
          action: 'complete',
          keys: ['tab'],
          label: 'Tab',
          description: 'complete the path',
          hint: 'complete',
        },
        { ...BACK, description: 'cancel the load', hint: 'cancel' },
        CTRL_C_BINDING,
      ];
    case 'variable':
    case 'model':
      return [
        ...LIST_BINDINGS,
        {
          action: 'choose',
          keys: ['enter'],
          label: 'Enter',
          description: 'choose',
          hint: 'choose',
        },
        BACK,
        HELP_BINDING,
        QUIT_BINDING,
      ];
    case 'name':
    case 'config':
      return [
        { action: 'next', keys: ['enter'], label: 'Enter', description: 'next step', hint: 'next' },
        ...(wizard.step === 'config'
          ? [
              {
                action: 'complete' as const,
                keys: ['tab'],
                label: 'Tab',
                description: 'complete the path',
                hint: 'complete',
              },
            ]
          : []),
        BACK,
        CTRL_C_BINDING,
      ];
    case 'overrides':
      return [
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
    case 'review': {
      const ready = (app: AppState) => {
        const review = wizardOf(app)?.review;
        return review?.status === 'ready'
          ? null
          : review?.status === 'checking'
            ? 'the check is still running'
            : 'the check failed';
      };
      const policyApplies = (app: AppState) => {
        const review = wizardOf(app)?.review;
        return (review?.status === 'ready' && review.review.mode === 'append') ||
          (review?.status === 'failed' && review.existingTimes) ||
          (review?.status === 'checking' && wizardOf(app)?.existing !== 'error')
          ? null
          : 'only when appending to an existing dataset';
      };
      return [
        ...LIST_BINDINGS,
        {
          action: 'start',
          keys: ['enter'],
          label: 'Enter',
          description: 'start the load',
          hint: 'start',
          disabled: ready,
        },
        {
          action: 'skipExisting',
          keys: ['s'],
          label: 's',
          description: 'times the dataset has: skip them',
          hint: 'skip',
          disabled: policyApplies,
        },
        {
          action: 'replaceExisting',
          keys: ['o'],
          label: 'o',
          description: 'times the dataset has: overwrite them',
          hint: 'overwrite',
          disabled: policyApplies,
        },
        {
          action: 'refuseExisting',
          keys: ['e'],
          label: 'e',
          description: 'times the dataset has: refuse the load',
          disabled: policyApplies,
        },
        { ...BACK, description: 'back to the settings' },
        HELP_BINDING,
        QUIT_BINDING,
      ];
    }
    case 'load': {
      const run = wizard.run;
      if (run?.status === 'running')
        return [
          {
            action: 'cancel',
            keys: ['escape'],
            label: 'Esc',
            description: 'cancel the load (it undoes what it wrote)',
            hint: 'cancel',
            disabled: (app) =>
              wizardOf(app)?.run?.status === 'running' &&
              (wizardOf(app)?.run as { cancelling: boolean }).cancelling
                ? 'already cancelling'
                : null,
          },
          HELP_BINDING,
          QUIT_WHILE_LOADING,
        ];
      return [
        {
          action: 'close',
          keys: ['enter'],
          label: 'Enter',
          description: 'back to the list',
          hint: 'list',
        },
        run?.status === 'failed'
          ? {
              action: 'back',
              keys: ['escape'],
              label: 'Esc',
              description: 'back to the review, to change the settings',
              hint: 'change settings',
            }
          : { action: 'close', keys: ['escape'], label: 'Esc', description: 'back to the list' },
        HELP_BINDING,
        QUIT_BINDING,
      ];
    }
  }
}

/** The text field the step types into, or null on the steps that are lists. */
export function focusedField(wizard: WizardState): 'path' | 'name' | 'config' | 'overrides' | null {
  return wizard.step === 'path' ||
    wizard.step === 'name' ||
    wizard.step === 'config' ||
    wizard.step === 'overrides'
    ? wizard.step
    : null;
}

export function selectedVariable(wizard: WizardState): VariableInfo | null {
  return wizard.listing?.variables[wizard.variable] ?? null;
}

/** Why a model cannot read the chosen variable, or null. */
export function modelProblem(model: ModelDefinition, variable: VariableInfo | null): string | null {
  if (!variable) return null;
  const [rows = 0, columns = 0] = variable.shape;
  return model.shapeProblem(rows, columns);
}

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

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The longest common start of some strings (what Tab can complete without choosing). */
export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0] as string;
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function update(app: AppState, wizard: WizardState, ...effects: Effect[]): Step {
  return step({ ...app, screen: { kind: 'load', wizard } }, ...effects);
}

function go(app: AppState, wizard: WizardState, next: WizardStep, ...effects: Effect[]): Step {
  return update(app, { ...wizard, step: next, error: null, completions: [] }, ...effects);
}

/** Leaves the wizard for the list (selecting `dataset` when a load finished). */
export type CloseWizard = (app: AppState, dataset: string | null) => Step;

export function wizardAction(
  app: AppState,
  wizard: WizardState,
  action: WizardAction,
  close: CloseWizard,
): Step {
  const page = Math.max(1, bodyHeight(app.size) - 4);
  const nextSequence = app.sequence + 1;
  const withSequence = { ...app, sequence: nextSequence };
  switch (action) {
    case 'open': {
      const path = wizard.path.value.trim();
      return update(
        withSequence,
        { ...wizard, reading: nextSequence, error: null, completions: [] },
        {
          type: 'inspectFile',
          path,
          sequence: nextSequence,
        },
      );
    }
    case 'complete': {
      const field = wizard.step === 'config' ? 'config' : 'path';
      return update(app, wizard, { type: 'completePath', field, typed: wizard[field].value });
    }
    case 'choose':
      return wizard.step === 'variable' ? chooseVariable(app, wizard) : chooseModel(app, wizard);
    case 'next':
      if (wizard.step === 'name') return submitName(app, { ...wizard, nameSubmitted: true });
      return submitConfig(app, { ...wizard, configSubmitted: true });
    case 'review':
      if (wizard.overridesProblem)
        return update(app, { ...wizard, error: wizard.overridesProblem });
      return startReview(app, wizard);
    case 'start':
      return update(
        app,
        { ...wizard, step: 'load', run: { status: 'running', progress: null, cancelling: false } },
        { type: 'load', request: loadRequest(wizard) },
      );
    case 'skipExisting':
    case 'replaceExisting':
    case 'refuseExisting': {
      const existing =
        action === 'skipExisting' ? 'skip' : action === 'replaceExisting' ? 'replace' : 'error';
      return startReview(app, { ...wizard, existing });
    }
    case 'cancel':
      return update(
        app,
        {
          ...wizard,
          run: { ...(wizard.run as Extract<LoadRun, { status: 'running' }>), cancelling: true },
        },
        { type: 'cancelLoad' },
      );
    case 'close':
      return close(app, wizard.run?.status === 'done' ? wizard.name.value : null);
    case 'back':
      return back(app, wizard, close);
    case 'help':
    case 'quit':
      return step(app); // the app handles these before the wizard sees them
    default: {
      if (wizard.step === 'variable') {
        const count = wizard.listing?.variables.length ?? 0;
        return update(app, {
          ...wizard,
          variable: moveSelection(wizard.variable, count, action, page),
          error: null,
        });
      }
      if (wizard.step === 'model')
        return update(app, {
          ...wizard,
          model: moveSelection(wizard.model, MODELS.length, action, page),
          error: null,
        });
      const lines = wizard.review ? reviewLines(wizard, app.size.columns).length : 0;
      return update(app, {
        ...wizard,
        reviewLine: moveSelection(wizard.reviewLine, lines, action, page),
      });
    }
  }
}

function back(app: AppState, wizard: WizardState, close: CloseWizard): Step {
  switch (wizard.step) {
    case 'path':
      // A read in flight is abandoned: its answer will find no request waiting.
      return wizard.reading !== null ? update(app, { ...wizard, reading: null }) : close(app, null);
    case 'load':
      return startReview(app, { ...wizard, run: null });
    default: {
      const index = WIZARD_STEPS.indexOf(wizard.step);
      return go(app, { ...wizard, review: null }, WIZARD_STEPS[index - 1] as WizardStep);
    }
  }
}

function startReview(app: AppState, wizard: WizardState): Step {
  const sequence = app.sequence + 1;
  return go(
    { ...app, sequence },
    { ...wizard, review: { status: 'checking', sequence }, reviewLine: 0 },
    'review',
    { type: 'review', request: loadRequest(wizard), sequence },
  );
}

function chooseVariable(app: AppState, wizard: WizardState): Step {
  const variable = selectedVariable(wizard);
  if (!variable) return update(app, { ...wizard, error: 'the file holds no variables' });
  if (!variable.loadable)
    return update(app, {
      ...wizard,
      error: `${variable.name} cannot be loaded: ${variable.reason ?? 'it is not a numeric matrix'}`,
    });
  const [rows = 0, columns = 0] = variable.shape;
  const likely = guessModel(fileName(wizard.path.value), rows, columns);
  return go(app, { ...wizard, model: Math.max(0, MODELS.indexOf(likely)) }, 'model');
}

function chooseModel(app: AppState, wizard: WizardState): Step {
  const model = MODELS[wizard.model] as ModelDefinition;
  const variable = selectedVariable(wizard);
  const problem = modelProblem(model, variable);
  if (problem)
    return update(app, {
      ...wizard,
      error: `${model.name} does not fit ${variable?.name} (${variable?.shape.join('x')}): ${problem}`,
    });
  return go(
    app,
    wizard,
    'name',
    ...(wizard.name.value ? [{ type: 'checkName' as const, name: wizard.name.value }] : []),
  );
}

function submitConfig(app: AppState, wizard: WizardState): Step {
  if (wizard.configProblem === undefined) return update(app, wizard); // goes on when the check answers
  if (wizard.configProblem)
    return update(app, { ...wizard, configSubmitted: false, error: wizard.configProblem });
  return go(app, { ...wizard, configSubmitted: false }, 'overrides');
}

function submitName(app: AppState, wizard: WizardState): Step {
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

/** A key the step's bindings did not take: typed into the step's field, if it has one. */
export function wizardText(app: AppState, wizard: WizardState, key: Key): Step | null {
  const field = focusedField(wizard);
  if (!field || (field === 'path' && wizard.reading !== null)) return null;
  const edited = editText(wizard[field], key);
  if (!edited) return null;
  if (edited.value === wizard[field].value)
    return update(app, { ...wizard, [field]: edited, error: null });
  const next: WizardState = { ...wizard, [field]: edited, error: null, completions: [] };
  switch (field) {
    case 'name':
      return update(
        app,
        { ...next, nameCheck: null },
        ...(edited.value ? [{ type: 'checkName' as const, name: edited.value }] : []),
      );
    case 'config':
      return update(
        app,
        {
          ...next,
          configEdited: true,
          configSubmitted: false,
          configProblem: edited.value.trim() ? undefined : null,
        },
        ...(edited.value.trim()
          ? [{ type: 'checkConfig' as const, path: edited.value.trim() }]
          : []),
      );
    case 'overrides':
      // Checked here and now (parsing evaluates nothing): Enter in the same burst sees it.
      return update(app, { ...next, overridesProblem: overridesProblem(edited.value) });
    default:
      return update(app, next);
  }
}

/** The answers to the wizard's requests. */
export function wizardMessage(app: AppState, wizard: WizardState, msg: Msg): Step | null {
  switch (msg.type) {
    case 'fileInspected': {
      if (msg.sequence !== wizard.reading) return null;
      const first = msg.listing.variables.findIndex((candidate) => candidate.loadable);
      return go(
        app,
        { ...wizard, reading: null, listing: msg.listing, variable: Math.max(0, first) },
        'variable',
      );
    }
    case 'completions': {
      const field = wizard[msg.field];
      if (field.value !== msg.typed) return null;
      const prefix = commonPrefix(msg.found);
      const completed = prefix.length > msg.typed.length ? textField(prefix) : field;
      const next: WizardState = {
        ...wizard,
        [msg.field]: completed,
        completions: msg.found.length > 1 ? msg.found : [],
        error: msg.found.length === 0 ? `nothing matches ${msg.typed || 'here'}` : null,
      };
      if (msg.field === 'config' && completed !== field)
        return update(
          app,
          { ...next, configEdited: true, configProblem: undefined },
          { type: 'checkConfig', path: completed.value.trim() },
        );
      return update(app, next);
    }
    case 'siblingConfig':
      if (wizard.configEdited || wizard.config.value !== '' || msg.config === null) return null;
      return update(
        app,
        { ...wizard, config: textField(msg.config), configProblem: undefined },
        { type: 'checkConfig', path: msg.config },
      );
    case 'nameChecked': {
      if (msg.name !== wizard.name.value) return null;
      const next = { ...wizard, nameCheck: msg.check };
      return wizard.nameSubmitted && wizard.step === 'name'
        ? submitName(app, next)
        : update(app, next);
    }
    case 'configChecked': {
      if (msg.path !== wizard.config.value.trim()) return null;
      const next = { ...wizard, configProblem: msg.problem };
      return wizard.configSubmitted && wizard.step === 'config'
        ? submitConfig(app, next)
        : update(app, next);
    }
    case 'reviewed':
      if (wizard.review?.status !== 'checking' || wizard.review.sequence !== msg.sequence)
        return null;
      return update(app, {
        ...wizard,
        review: { status: 'ready', review: msg.review },
        reviewLine: 0,
      });
    case 'loadProgress':
      if (wizard.run?.status !== 'running') return null;
      return update(app, { ...wizard, run: { ...wizard.run, progress: msg.progress } });
    case 'loaded':
      return update(app, { ...wizard, run: { status: 'done', outcome: msg.outcome } });
    case 'loadCancelled':
      return update(app, { ...wizard, run: { status: 'cancelled' } });
    case 'failed': {
      const { text, connection } = describeForUi(msg.error);
      if (msg.effect === 'inspectFile') {
        if (msg.sequence !== wizard.reading) return null;
        return update(app, { ...wizard, reading: null, error: text });
      }
      if (msg.effect === 'review') {
        if (wizard.review?.status !== 'checking' || wizard.review.sequence !== msg.sequence)
          return null;
        const existingTimes = msg.error instanceof ExistingTimesError;
        return update(app, { ...wizard, review: { status: 'failed', text, existingTimes } });
      }
      if (msg.effect === 'load')
        return update(app, { ...wizard, run: { status: 'failed', text, connection } });
      if (msg.effect === 'checkName')
        return update(app, { ...wizard, nameCheck: { ok: false, reason: text } });
      if (msg.effect === 'completePath') return update(app, { ...wizard, completions: [] });
      return null;
    }
    default:
      return null;
  }
}
