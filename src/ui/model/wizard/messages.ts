import { ExistingTimesError } from '#core/operations/load/target.js';
import { describeForUi } from '../../errors.js';
import { textField } from '../textField.js';
import type { AppState, Msg, Step } from '../types.js';
import type { WizardState } from './state.js';
import { go, submitConfig, submitName, update } from './steps.js';

/** The longest common start of some strings (what Tab can complete without choosing). */
export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0] as string;
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
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
    case 'failed': {
      const { text } = describeForUi(msg.error);
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
      if (msg.effect === 'checkName')
        return update(app, { ...wizard, nameCheck: { ok: false, reason: text } });
      if (msg.effect === 'completePath') return update(app, { ...wizard, completions: [] });
      return null;
    }
    default:
      return null;
  }
}
