import { describeForUi } from '../errors.js';
import type { NameCheck } from '../services.js';
import type { Key } from '../terminal/keys.js';
import type { Bindings } from './bindings.js';
import { toBrowse } from './browse.js';
import { CTRL_C_BINDING, type AppAction } from './commonBindings.js';
import { openExport } from './exportScreen.js';
import { loadingReason } from './loads.js';
import { editText, textField, type TextField } from './textField.js';
import type { AppState, Msg, Step } from './types.js';
import { step } from './types.js';

export interface RenameState {
  from: string;
  to: TextField;
  check: NameCheck | null;
  /** Enter arrived before the check answered: rename when it does, if it can. */
  submitted: boolean;
  busy: boolean;
  error: string | null;
}

/** Removing asks the operator to type the dataset's name: a slip of one key cannot do it. */
export interface RemoveState {
  name: string;
  records: number | undefined;
  typed: TextField;
  busy: boolean;
  error: string | null;
}

export type DialogAction = 'submit' | 'cancel' | 'exportFirst';

const busyDialog = (app: AppState) =>
  (app.screen.kind === 'rename' || app.screen.kind === 'remove') && app.screen.dialog.busy
    ? 'it is running; Ctrl-C quits once it is done'
    : null;

const CANCEL = {
  action: 'cancel' as const,
  keys: ['escape'],
  label: 'Esc',
  description: 'cancel',
  hint: 'cancel',
  disabled: busyDialog,
};

export const RENAME_BINDINGS: Bindings<DialogAction | AppAction, AppState> = [
  {
    action: 'submit',
    keys: ['enter'],
    label: 'Enter',
    description: 'rename (data, metadata, coord_index and geometry cache together)',
    hint: 'rename',
    disabled: busyDialog,
  },
  CANCEL,
  CTRL_C_BINDING,
];

export const REMOVE_BINDINGS: Bindings<DialogAction | AppAction, AppState> = [
  {
    action: 'submit',
    keys: ['enter'],
    label: 'Enter',
    description: 'remove, once the name typed matches',
    hint: 'remove',
    dangerous: true,
    disabled: (app) =>
      busyDialog(app) ??
      (app.screen.kind === 'remove' && app.screen.dialog.typed.value !== app.screen.dialog.name
        ? "type the dataset's name first"
        : null),
  },
  CANCEL,
  {
    action: 'exportFirst',
    // A control key: every printable key is the name being typed.
    keys: ['ctrl+x'],
    label: 'Ctrl-X',
    description: 'export the dataset first, then back to this question',
    hint: 'export first',
    disabled: busyDialog,
  },
  CTRL_C_BINDING,
];

export function openRename(app: AppState, from: string): Step {
  return step({
    ...app,
    screen: {
      kind: 'rename',
      dialog: { from, to: textField(), check: null, submitted: false, busy: false, error: null },
    },
  });
}

export function openRemove(app: AppState, name: string, records: number | undefined): Step {
  return step({
    ...app,
    screen: {
      kind: 'remove',
      dialog: { name, records, typed: textField(), busy: false, error: null },
    },
  });
}

/** Why the new name cannot be used, or null when it can (or is still being checked). */
export function renameProblem(dialog: RenameState): string | null {
  const check = dialog.check;
  if (!check) return null;
  if (!check.ok) return check.reason;
  return check.exists ? `"${dialog.to.value}" already exists` : null;
}

function rename(app: AppState, dialog: RenameState): Step {
  const to = dialog.to.value;
  if (to === '')
    return step({ ...app, screen: { kind: 'rename', dialog: { ...dialog, submitted: false } } });
  if (dialog.check === null)
    return step({ ...app, screen: { kind: 'rename', dialog: { ...dialog, submitted: true } } });
  // The problem with the name is shown under it already: Enter does not say it again.
  if (renameProblem(dialog))
    return step({ ...app, screen: { kind: 'rename', dialog: { ...dialog, submitted: false } } });
  const busy = loadingReason(app, to);
  if (busy)
    return step({
      ...app,
      screen: { kind: 'rename', dialog: { ...dialog, submitted: false, error: busy } },
    });
  return step(
    {
      ...app,
      screen: { kind: 'rename', dialog: { ...dialog, submitted: false, busy: true, error: null } },
    },
    { type: 'rename', from: dialog.from, to },
  );
}

export function renameAction(app: AppState, dialog: RenameState, action: DialogAction): Step {
  switch (action) {
    case 'submit':
      return rename(app, { ...dialog, submitted: true });
    case 'cancel':
    case 'exportFirst': // not bound here
      return toBrowse(app);
  }
}

export function renameText(app: AppState, dialog: RenameState, key: Key): Step | null {
  if (dialog.busy) return null;
  const to = editText(dialog.to, key);
  if (!to) return null;
  const changed = to.value !== dialog.to.value;
  return step(
    {
      ...app,
      screen: {
        kind: 'rename',
        dialog: { ...dialog, to, check: changed ? null : dialog.check, error: null },
      },
    },
    ...(changed && to.value ? [{ type: 'checkName' as const, name: to.value }] : []),
  );
}

export function renameMessage(app: AppState, dialog: RenameState, msg: Msg): Step | null {
  if (msg.type === 'nameChecked') {
    if (msg.name !== dialog.to.value) return null;
    const next = { ...dialog, check: msg.check };
    return dialog.submitted
      ? rename(app, next)
      : step({ ...app, screen: { kind: 'rename', dialog: next } });
  }
  if (msg.type === 'failed' && msg.effect === 'rename')
    return step({
      ...app,
      screen: {
        kind: 'rename',
        dialog: { ...dialog, busy: false, error: describeForUi(msg.error).text },
      },
    });
  if (msg.type === 'failed' && msg.effect === 'checkName')
    return step({
      ...app,
      screen: {
        kind: 'rename',
        dialog: { ...dialog, check: { ok: false, reason: describeForUi(msg.error).text } },
      },
    });
  return null;
}

export function removeAction(app: AppState, dialog: RemoveState, action: DialogAction): Step {
  switch (action) {
    case 'submit':
      return step(
        { ...app, screen: { kind: 'remove', dialog: { ...dialog, busy: true, error: null } } },
        { type: 'remove', name: dialog.name },
      );
    case 'cancel':
      return toBrowse(app);
    case 'exportFirst':
      return openExport(app, dialog.name, { ...dialog, error: null });
  }
}

export function removeText(app: AppState, dialog: RemoveState, key: Key): Step | null {
  if (dialog.busy) return null;
  const typed = editText(dialog.typed, key);
  if (!typed) return null;
  return step({ ...app, screen: { kind: 'remove', dialog: { ...dialog, typed, error: null } } });
}

export function removeMessage(app: AppState, dialog: RemoveState, msg: Msg): Step | null {
  if (msg.type === 'failed' && msg.effect === 'remove')
    return step({
      ...app,
      screen: {
        kind: 'remove',
        dialog: { ...dialog, busy: false, error: describeForUi(msg.error).text },
      },
    });
  return null;
}
