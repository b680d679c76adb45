import { ExistingTimesError } from '#core/operations/load/target.js';
import { describeForUi } from '../../errors.js';
import { textField, type TextField } from '../textField.js';
import type { AppState, Msg, Step } from '../types.js';
import type { WizardState } from './state.js';
import { checking, go, submitConfig, submitName, update } from './steps.js';

/** The longest common start of some strings (what Tab can complete without choosing). */
export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0] as string;
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Tab's answer for a path field: what all it found start with filled in, the choices listed
 * when there are several, and why nothing happened when there are none.
 */
export function completedField(
  field: TextField,
  typed: string,
  found: string[],
): { completed: TextField; completions: string[]; error: string | null } {
  const prefix = commonPrefix(found);
  return {
    completed: prefix.length > typed.length ? textField(prefix) : field,
    completions: found.length > 1 ? found : [],
    error: found.length === 0 ? `nothing matches ${typed || 'here'}` : null,
  };
}

/** A check of the config step answered: on to the settings if Enter came first. */
function configAnswered(app: AppState, wizard: WizardState): Step {
  return wizard.configSubmitted && wizard.step === 'config'
    ? submitConfig(app, wizard)
    : update(app, wizard);
}

/** The look for the data file's own .json answered: filled in (and checked) if it is there. */
function siblingFound(app: AppState, wizard: WizardState, config: string | null): Step | null {
  if (!wizard.siblingPending) return null;
  const settled = { ...wizard, siblingPending: false };
  if (wizard.configEdited || wizard.config.value !== '' || config === null)
    return configAnswered(app, settled);
  return checking(
    app,
    { ...settled, config: textField(config), configProblem: undefined },
    { type: 'checkConfig', path: config },
  );
}

/** The answers to the wizard's requests. */
export function wizardMessage(app: AppState, wizard: WizardState, msg: Msg): Step | null {
  switch (msg.type) {
    case 'filesMatched': {
      if (msg.sequence !== wizard.reading) return null;
      const first = msg.files[0] as string;
      return checking(
        app,
        { ...wizard, files: msg.files },
        {
          type: 'inspectFile',
          path: first,
          sequence: msg.sequence,
        },
      );
    }
    case 'reminded':
      return msg.sequence === wizard.reminder ? update(app, { ...wizard, slow: true }) : null;
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
      if (field.value !== msg.typed || wizard.completing !== msg.typed) return null;
      const { completed, completions, error } = completedField(field, msg.typed, msg.found);
      const next: WizardState = {
        ...wizard,
        completing: null,
        [msg.field]: completed,
        completions,
        error,
      };
      if (msg.field === 'config' && completed !== field)
        return checking(
          app,
          { ...next, configEdited: true, siblingPending: false, configProblem: undefined },
          { type: 'checkConfig', path: completed.value.trim() },
        );
      return update(app, next);
    }
    case 'siblingConfig':
      return siblingFound(app, wizard, msg.config);
    case 'nameChecked': {
      if (msg.name !== wizard.name.value) return null;
      const next = { ...wizard, nameCheck: msg.check };
      return wizard.nameSubmitted && wizard.step === 'name'
        ? submitName(app, next)
        : update(app, next);
    }
    case 'configChecked':
      if (msg.path !== wizard.config.value.trim()) return null;
      return configAnswered(app, { ...wizard, configProblem: msg.problem });
    case 'reviewed':
      if (wizard.review?.status !== 'checking' || wizard.review.sequence !== msg.sequence)
        return null;
      return update(app, {
        ...wizard,
        review: { status: 'ready', review: msg.review },
        reviewLine: 0,
      });
    case 'failed': {
      const { text } = describeForUi(msg.error);
      if (msg.effect === 'inspectFile' || msg.effect === 'matchFiles') {
        if (msg.sequence !== wizard.reading) return null;
        return update(app, { ...wizard, reading: null, files: null, error: text });
      }
      if (msg.effect === 'review') {
        if (wizard.review?.status !== 'checking' || wizard.review.sequence !== msg.sequence)
          return null;
        const existingTimes = msg.error instanceof ExistingTimesError;
        return update(app, { ...wizard, review: { status: 'failed', text, existingTimes } });
      }
      if (msg.effect === 'checkName') {
        const next = { ...wizard, nameCheck: { ok: false as const, reason: text } };
        return wizard.nameSubmitted && wizard.step === 'name'
          ? submitName(app, next)
          : update(app, next);
      }
      if (msg.effect === 'completePath')
        return update(app, { ...wizard, completing: null, completions: [], error: text });
      // Whatever made them fail, the config file's checks answer: Enter never waits for good.
      if (msg.effect === 'siblingConfig') return siblingFound(app, wizard, null);
      if (msg.effect === 'checkConfig' && wizard.configProblem === undefined)
        return configAnswered(app, { ...wizard, configProblem: text });
      return null;
    }
    default:
      return null;
  }
}
