import type { Key } from '../../terminal/keys.js';
import { editText } from '../textField.js';
import type { AppState, Step } from '../types.js';
import { overridesProblem } from './request.js';
import { focusedField, type WizardState } from './state.js';
import { checking, update } from './steps.js';

/** A key the step's bindings did not take: typed into the step's field, if it has one. */
export function wizardText(app: AppState, wizard: WizardState, key: Key): Step | null {
  const field = focusedField(wizard);
  if (!field || (field === 'path' && wizard.reading !== null)) return null;
  const edited = editText(wizard[field], key);
  if (!edited) return null;
  if (edited.value === wizard[field].value)
    return update(app, { ...wizard, [field]: edited, error: null });
  const next: WizardState = {
    ...wizard,
    [field]: edited,
    error: null,
    completions: [],
    completing: null,
  };
  switch (field) {
    case 'name':
      if (!edited.value) return update(app, { ...next, nameCheck: null });
      return checking(app, { ...next, nameCheck: null }, { type: 'checkName', name: edited.value });
    case 'config': {
      // What the operator types wins over the sibling .json still being looked for.
      const typed = {
        ...next,
        configEdited: true,
        configSubmitted: false,
        siblingPending: false,
        configProblem: edited.value.trim() ? undefined : null,
      };
      if (!edited.value.trim()) return update(app, typed);
      return checking(app, typed, { type: 'checkConfig', path: edited.value.trim() });
    }
    case 'overrides':
      // Checked here and now (parsing evaluates nothing): Enter in the same burst sees it.
      return update(app, { ...next, overridesProblem: overridesProblem(edited.value) });
    case 'path':
      return update(app, next);
  }
}
