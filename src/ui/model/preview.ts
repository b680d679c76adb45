import type { PreviewFrame } from '#core/operations/preview.js';
import { describeForUi } from '../errors.js';
import type { Bindings } from './bindings.js';
import { toBrowse } from './browse.js';
import { HELP_BINDING, LOG_HELP_BINDING, QUIT_BINDING, type AppAction } from './commonBindings.js';
import type { AppState, Msg, Step } from './types.js';
import { step } from './types.js';

export interface PreviewState {
  dataset: string;
  /** The step asked for, and the one shown (they differ while reading). */
  index: number;
  frame: PreviewFrame | null;
  /** The request being read, or null. */
  reading: number | null;
  error: string | null;
}

export type PreviewAction = 'next' | 'previous' | 'first' | 'last' | 'back';

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
    description: 'the last time step',
    hint: 'last',
  },
  { action: 'back', keys: ['escape'], label: 'Esc', description: 'back to the list', hint: 'back' },
  LOG_HELP_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

function read(app: AppState, preview: PreviewState, index: number): Step {
  const sequence = app.sequence + 1;
  return step(
    {
      ...app,
      sequence,
      screen: { kind: 'preview', preview: { ...preview, index, reading: sequence, error: null } },
    },
    { type: 'preview', name: preview.dataset, index, sequence },
  );
}

export function openPreview(app: AppState, dataset: string): Step {
  return read(app, { dataset, index: 0, frame: null, reading: null, error: null }, 0);
}

export function previewAction(app: AppState, preview: PreviewState, action: PreviewAction): Step {
  const count = preview.frame?.count ?? 0;
  const wrap = (index: number) =>
    count > 0 ? ((index % count) + count) % count : Math.max(0, index);
  switch (action) {
    case 'next':
      return read(app, preview, wrap(preview.index + 1));
    case 'previous':
      return read(app, preview, wrap(preview.index - 1));
    case 'first':
      return read(app, preview, 0);
    case 'last':
      return read(app, preview, wrap(count - 1));
    case 'back':
      return toBrowse(app);
  }
}

export function previewMessage(app: AppState, preview: PreviewState, msg: Msg): Step | null {
  if (msg.type === 'previewFrame' && msg.sequence === preview.reading)
    return step({
      ...app,
      screen: {
        kind: 'preview',
        preview: { ...preview, frame: msg.frame, index: msg.frame.index, reading: null },
      },
    });
  if (msg.type === 'failed' && msg.effect === 'preview' && msg.sequence === preview.reading)
    return step({
      ...app,
      screen: {
        kind: 'preview',
        preview: { ...preview, reading: null, error: describeForUi(msg.error).text },
      },
    });
  return null;
}
