import type { PreviewFrame, PreviewProgress } from '#core/operations/preview.js';
import { previewStepFor } from '#core/operations/previewStep.js';
import { describeForUi } from '../errors.js';
import type { Key } from '../terminal/keys.js';
import type { Bindings } from './bindings.js';
import { toBrowse } from './browse.js';
import {
  CTRL_C_BINDING,
  HELP_BINDING,
  LOG_HELP_BINDING,
  QUIT_BINDING,
  type AppAction,
} from './commonBindings.js';
import {
  CELL_BINDING,
  cellAction,
  cellForParameter,
  cellMessage,
  showingPreview,
  withCellCursor,
  type CellAction,
  type CellCursor,
} from './previewCell.js';
import { editText, textField, type TextField } from './textField.js';
import type { AppState, Message, Msg, Step } from './types.js';
import { step } from './types.js';

export interface PreviewState {
  dataset: string;
  /** The step asked for, and the one shown (they differ while reading). */
  index: number;
  /** The parameter asked for; null: the first the metadata lists. */
  parameter: string | null;
  frame: PreviewFrame | null;
  /** The request being read, or null. */
  reading: number | null;
  /** How far that read has got, when it says (FerretDB reads every step before the one asked). */
  progress: PreviewProgress | null;
  error: string | null;
  /** The "go to" field, open: a step number or a date, as typed. */
  jump: TextField | null;
  /** The cell cursor (`c`), or null while it is hidden. */
  cell: CellCursor | null;
}

export type PreviewAction =
  | 'next'
  | 'previous'
  | 'pageDown'
  | 'pageUp'
  | 'first'
  | 'last'
  | 'goto'
  | 'parameter'
  | 'back'
  | 'jump'
  | 'cancelJump'
  | CellAction;

/** PgUp and PgDn move this many steps. */
export const PAGE_STEPS = 10;

const previewOf = (app: AppState): PreviewState | null =>
  app.screen.kind === 'preview' ? app.screen.preview : null;

/** Why `p` does nothing: the frame lists fewer than two parameters. */
function oneParameter(app: AppState): string | null {
  const frame = previewOf(app)?.frame;
  if (!frame) return 'the first step is still being read';
  if (frame.parameters.length > 1) return null;
  return `this dataset has one parameter${frame.parameters[0] ? `, ${frame.parameters[0]}` : ''}`;
}

// The key line keeps what fits in this order: stepping, go to, the parameter, back; then the rest.
export const PREVIEW_BINDINGS: Bindings<PreviewAction | AppAction, AppState> = [
  {
    action: 'previous',
    keys: ['left', 'h', 'k', 'up'],
    label: '←/h',
    description: 'the previous time step',
    hint: 'previous',
  },
  {
    action: 'next',
    keys: ['right', 'l', 'j', 'down', 'space'],
    label: '→/l',
    description: 'the next time step',
    hint: 'next',
  },
  {
    action: 'goto',
    keys: [':'],
    label: ':',
    description: 'go to a step: type its number or a date (typing a digit opens this too)',
    hint: 'go to',
  },
  {
    action: 'parameter',
    keys: ['p'],
    label: 'p',
    description: 'the next parameter the metadata lists (values, errors...)',
    hint: 'parameter',
    disabled: oneParameter,
  },
  CELL_BINDING,
  { action: 'back', keys: ['escape'], label: 'Esc', description: 'back to the list', hint: 'back' },
  {
    action: 'first',
    keys: ['home', 'g'],
    label: 'g',
    description: 'the first time step',
    hint: 'first',
  },
  {
    action: 'last',
    keys: ['end', 'G'],
    label: 'G',
    description: 'the last time step (on FerretDB it reads every step before it)',
    hint: 'last',
  },
  {
    action: 'pageUp',
    keys: ['pageup'],
    label: 'PgUp',
    description: `${PAGE_STEPS} steps back`,
    hint: `-${PAGE_STEPS}`,
  },
  {
    action: 'pageDown',
    keys: ['pagedown'],
    label: 'PgDn',
    description: `${PAGE_STEPS} steps on`,
    hint: `+${PAGE_STEPS}`,
  },
  LOG_HELP_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

/** With the cell cursor on: h/j/k/l move it, the arrows still step through time. */
export const PREVIEW_CELL_BINDINGS = withCellCursor(PREVIEW_BINDINGS);

/** While a step number or date is typed: the field takes every other key. */
export const JUMP_BINDINGS: Bindings<PreviewAction | AppAction, AppState> = [
  {
    action: 'jump',
    keys: ['enter'],
    label: 'Enter',
    description: 'go to the step typed: its number (1 to the last) or a date',
    hint: 'go',
  },
  {
    action: 'cancelJump',
    keys: ['escape'],
    label: 'Esc',
    description: 'close the field, staying on this step',
    hint: 'cancel',
  },
  CTRL_C_BINDING,
];

export function previewBindings(
  preview: PreviewState,
): Bindings<PreviewAction | AppAction, AppState> {
  if (preview.jump) return JUMP_BINDINGS;
  return preview.cell ? PREVIEW_CELL_BINDINGS : PREVIEW_BINDINGS;
}

const showing = showingPreview;

function read(
  app: AppState,
  preview: PreviewState,
  index: number,
  message: Message | null = app.message,
): Step {
  const sequence = app.sequence + 1;
  const next = { ...preview, index, reading: sequence, progress: null, error: null, jump: null };
  return step(
    { ...showing(app, next, message), sequence },
    { type: 'preview', name: preview.dataset, index, parameter: preview.parameter, sequence },
  );
}

/** The preview of `dataset` before its first step is read. */
export const initialPreview = (dataset: string): PreviewState => ({
  dataset,
  index: 0,
  parameter: null,
  frame: null,
  reading: null,
  progress: null,
  error: null,
  jump: null,
  cell: null,
});

export function openPreview(app: AppState, dataset: string): Step {
  return read(app, initialPreview(dataset), 0);
}

/**
 * To step `to`, held to the first and the last: the preview never wraps around (on FerretDB the
 * last step is the slowest to reach). Before the first frame the count is not known: the core
 * holds the index to the last step itself.
 */
function moveTo(app: AppState, preview: PreviewState, to: number): Step {
  const count = preview.frame?.count;
  const last = count === undefined ? Infinity : Math.max(0, count - 1);
  const target = Math.max(0, Math.min(last, to));
  if (target === preview.index && to !== target) {
    const text =
      to < target
        ? 'This is the first step: there is none before it.'
        : `This is the last step (${target + 1}): there is none after it.`;
    return step(showing(app, preview, { text, tone: 'muted' }));
  }
  return read(app, preview, target);
}

function jump(app: AppState, preview: PreviewState, field: TextField): Step {
  if (!preview.frame) {
    const text = 'The first step is still being read: try again when it is shown.';
    return step(showing(app, preview, { text, tone: 'warning' }));
  }
  const choice = previewStepFor(preview.frame.times, field.value);
  if ('problem' in choice)
    return step(showing(app, preview, { text: choice.problem, tone: 'error' }));
  const message = choice.note ? { text: choice.note, tone: 'warning' as const } : null;
  return read(app, preview, choice.index, message);
}

export function previewAction(app: AppState, preview: PreviewState, action: PreviewAction): Step {
  switch (action) {
    case 'next':
      return moveTo(app, preview, preview.index + 1);
    case 'previous':
      return moveTo(app, preview, preview.index - 1);
    case 'pageDown':
      return moveTo(app, preview, preview.index + PAGE_STEPS);
    case 'pageUp':
      return moveTo(app, preview, preview.index - PAGE_STEPS);
    case 'first':
      return moveTo(app, preview, 0);
    case 'last':
      return moveTo(app, preview, preview.frame ? preview.frame.count - 1 : preview.index);
    case 'goto':
      return step(showing(app, { ...preview, jump: textField() }));
    case 'jump':
      return jump(app, preview, preview.jump ?? textField());
    case 'cancelJump':
      return step(showing(app, { ...preview, jump: null }));
    case 'parameter': {
      const parameters = preview.frame?.parameters ?? [];
      const current = parameters.indexOf(preview.frame?.parameter ?? '');
      const parameter = parameters[(current + 1) % parameters.length] ?? null;
      return cellForParameter(read(app, { ...preview, parameter }, preview.index), parameter);
    }
    case 'cell':
    case 'cellWest':
    case 'cellSouth':
    case 'cellNorth':
    case 'cellEast':
      return cellAction(app, preview, action);
    case 'back': {
      // A read still on its way (FerretDB reads every step before the one asked) stops.
      const back = toBrowse(app);
      return {
        ...back,
        effects: [...back.effects, { type: 'stopPreview', name: preview.dataset }],
      };
    }
  }
}

/** Typing: a digit opens the "go to" field with it; with the field open, it edits the field. */
export function previewText(app: AppState, preview: PreviewState, key: Key): Step | null {
  if (!preview.jump) {
    if (key.text === undefined || !/^[0-9]$/.test(key.text)) return null;
    return step(showing(app, { ...preview, jump: textField(key.text) }));
  }
  const field = editText(preview.jump, key);
  return field ? step(showing(app, { ...preview, jump: field })) : null;
}

export function previewMessage(app: AppState, preview: PreviewState, msg: Msg): Step | null {
  const cell = cellMessage(app, preview, msg);
  if (cell) return cell;
  if (msg.type === 'previewFrame' && msg.sequence === preview.reading)
    return step(
      showing(app, {
        ...preview,
        frame: msg.frame,
        index: msg.frame.index,
        parameter: msg.frame.parameter,
        reading: null,
        progress: null,
      }),
    );
  if (msg.type === 'previewProgress' && msg.sequence === preview.reading)
    return step(showing(app, { ...preview, progress: msg.progress }));
  if (msg.type === 'failed' && msg.effect === 'preview' && msg.sequence === preview.reading)
    return step(
      showing(app, {
        ...preview,
        reading: null,
        progress: null,
        error: describeForUi(msg.error).text,
      }),
    );
  return null;
}
