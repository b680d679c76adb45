import type { Key } from '../terminal/keys.js';
import { wrap } from '../format.js';
import { bindingFor, helpLines, type Bindings } from './bindings.js';
import { LIST_BINDINGS } from './commonBindings.js';
import { bodyHeight } from './layout.js';
import { moveSelection, type ListMove } from './listCursor.js';
import type { AppState, Step } from './types.js';
import { step } from './types.js';

export type HelpAction = ListMove | 'close';

/** The help screen's own keys. */
export const HELP_SCREEN_BINDINGS: Bindings<HelpAction, AppState> = [
  ...LIST_BINDINGS,
  {
    action: 'close',
    keys: ['escape', 'enter', 'q', '?', 'f1'],
    label: 'Esc',
    description: 'close the help',
    hint: 'close',
    pinned: true,
  },
];

const BASICS = [
  'Everywhere: Ctrl-C quits (a running load is cancelled first, and undoes what it wrote).',
  'Everywhere: Ctrl-Z suspends to the shell, and fg brings the UI back (not while a load, rename, remove or repair writes).',
  'L shows the log, every message of the session whole (from the list, a load, the audit and the preview). A load runs on when Enter leaves its screen: its row in the list shows how far it is.',
  'In text fields: Ctrl-A and Ctrl-E go to the start and the end, Ctrl-U deletes to the start, Ctrl-W the word before the cursor; pasted text is inserted as it is, without line breaks.',
  'In lists: j and k or the arrows, PgUp and PgDn, g and G or Home and End.',
];

/**
 * What the help screen shows: the keys of the screen it was opened on (`bindings`, read
 * before the help took the keys), then the basics, wrapped to the width.
 */
export function helpText(app: AppState, bindings: Bindings<string, AppState>): string[] {
  const width = Math.max(20, app.size.columns - 2);
  return [
    ...helpLines(bindings, app).flatMap((line) => wrap(line, width)),
    '',
    ...BASICS.flatMap((line) => wrap(line, width)),
  ];
}

export function helpAction(app: AppState, key: Key, lineCount: number): Step {
  const found = bindingFor(HELP_SCREEN_BINDINGS, key, app);
  if (!found || 'refused' in found) return step(app);
  if (found.action === 'close') return step({ ...app, help: null });
  const page = Math.max(1, bodyHeight(app.size) - 3);
  return step({
    ...app,
    help: { selected: moveSelection(app.help?.selected ?? 0, lineCount, found.action, page) },
  });
}
