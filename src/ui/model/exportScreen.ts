import type { DatasetMetadata } from '#core/metadata.js';
import { storedMediator } from '#core/mediators/registry.js';
import type { ExportProgress, ExportResult } from '#core/operations/export.js';
import { duration } from '#core/text/duration.js';
import { plural } from '#core/text/plural.js';
import { describeForUi } from '../errors.js';
import type { Key } from '../terminal/keys.js';
import type { Bindings } from './bindings.js';
import { toBrowse } from './browse.js';
import { CTRL_C_BINDING, type AppAction } from './commonBindings.js';
import type { RemoveState } from './dialogs.js';
import { editText, textField, type TextField } from './textField.js';
import type { AppState, Msg, Step } from './types.js';
import { step } from './types.js';
import { completedField } from './wizard/messages.js';

/** `x` on the list (or Ctrl-X in the remove confirmation): a dataset written back as files. */
export interface ExportState {
  name: string;
  /** One data file (.mat or .h5) and its .json beside it, or a folder for one file per time. */
  folder: boolean;
  path: TextField;
  /** Paths Tab found, until the next edit; Tab's listing in flight, for the text it completes. */
  completions: string[];
  completing: string | null;
  /** The export running (its request number), how far it is, and whether Esc cancelled it. */
  running: { sequence: number; progress: ExportProgress | null; cancelling: boolean } | null;
  error: string | null;
  /** The remove confirmation it was opened from: back to it once done, else the list. */
  back: RemoveState | null;
}

export type ExportAction = 'start' | 'complete' | 'cancel';

const exportOf = (app: AppState): ExportState | null =>
  app.screen.kind === 'export' ? app.screen.export : null;

const EXPORT_IDLE_BINDINGS: Bindings<ExportAction | AppAction, AppState> = [
  {
    action: 'start',
    keys: ['enter'],
    label: 'Enter',
    description: 'export to the path typed (never over an existing file)',
    hint: 'export',
    disabled: (app) => (exportOf(app)?.path.value.trim() === '' ? 'type a path first' : null),
  },
  {
    action: 'complete',
    keys: ['tab'],
    label: 'Tab',
    description: 'complete the path',
    hint: 'complete',
  },
  { action: 'cancel', keys: ['escape'], label: 'Esc', description: 'back', hint: 'back' },
  CTRL_C_BINDING,
];

/** While it runs: Esc cancels it (the staged files are removed), Ctrl-C too, then quits. */
const EXPORT_RUNNING_BINDINGS: Bindings<ExportAction | AppAction, AppState> = [
  {
    action: 'cancel',
    keys: ['escape'],
    label: 'Esc',
    description: 'cancel the export (nothing is left)',
    hint: 'cancel',
    disabled: (app) => (exportOf(app)?.running?.cancelling ? 'already cancelling' : null),
  },
  { ...CTRL_C_BINDING, description: 'cancel the export and quit' },
];

export const exportBindings = (state: ExportState) =>
  state.running ? EXPORT_RUNNING_BINDINGS : EXPORT_IDLE_BINDINGS;

/**
 * Whether a dataset is written as one file per time, into a folder (Grid3D, kriged), as the
 * core's export decides it; unknown metadata reads as one file.
 */
function writesFolder(metadata: DatasetMetadata | null | undefined): boolean {
  if (!metadata) return false;
  try {
    return storedMediator(metadata).name === 'Grid3DMediator';
  } catch {
    return false;
  }
}

/** The export prompt, offering `NAME.mat` (or the folder `NAME/`) in the current folder. */
export function openExport(app: AppState, name: string, back: RemoveState | null = null): Step {
  const entry = app.metadata[name];
  const metadata =
    (entry?.status === 'loaded' ? entry.value : null) ??
    app.datasets?.find((row) => row.name === name)?.metadata;
  const folder = writesFolder(metadata);
  return step({
    ...app,
    screen: {
      kind: 'export',
      export: {
        name,
        folder,
        path: textField(folder ? `${name}/` : `${name}.mat`),
        completions: [],
        completing: null,
        running: null,
        error: null,
        back,
      },
    },
  });
}

const update = (app: AppState, state: ExportState): Step =>
  step({ ...app, screen: { kind: 'export', export: state } });

/** Back where the export was opened from: the remove confirmation, or the list. */
function leave(app: AppState, state: ExportState, message?: AppState['message']): Step {
  if (!state.back) return toBrowse(app, message ? { message } : {});
  return step({
    ...app,
    screen: { kind: 'remove', dialog: state.back },
    ...(message ? { message } : {}),
  });
}

export function exportAction(app: AppState, state: ExportState, action: ExportAction): Step {
  switch (action) {
    case 'start': {
      const sequence = app.sequence + 1;
      return step(
        {
          ...app,
          sequence,
          screen: {
            kind: 'export',
            export: {
              ...state,
              completions: [],
              completing: null,
              error: null,
              running: { sequence, progress: null, cancelling: false },
            },
          },
        },
        { type: 'export', name: state.name, path: state.path.value.trim(), sequence },
      );
    }
    case 'complete':
      return step(
        { ...app, screen: { kind: 'export', export: { ...state, completing: state.path.value } } },
        { type: 'completePath', field: 'path', typed: state.path.value },
      );
    case 'cancel':
      if (!state.running) return leave(app, state);
      return step(
        {
          ...app,
          screen: {
            kind: 'export',
            export: { ...state, running: { ...state.running, cancelling: true } },
          },
        },
        { type: 'cancelExport' },
      );
  }
}

export function exportText(app: AppState, state: ExportState, key: Key): Step | null {
  if (state.running) return null;
  const path = editText(state.path, key);
  if (!path) return null;
  const changed = path.value !== state.path.value;
  return update(app, {
    ...state,
    path,
    error: null,
    ...(changed ? { completions: [], completing: null } : {}),
  });
}

/** What the message line and the log say of a finished export. */
export function exportedText(result: ExportResult): string {
  const where =
    result.files.length > 2
      ? result.load.path
      : result.files.map((file) => file.path).join(' and ');
  return `Exported "${result.dataset}" (${plural(result.documents, 'document')}): ${plural(result.files.length, 'file')}, ${result.bytes} bytes, in ${duration(result.elapsedMs / 1000)}: ${where}`;
}

export const EXPORT_CANCELLED_TEXT = 'Export cancelled: nothing was written.';

export function exportMessage(app: AppState, state: ExportState, msg: Msg): Step | null {
  const running = state.running;
  switch (msg.type) {
    case 'completions': {
      if (msg.field !== 'path' || state.completing !== msg.typed) return null;
      if (state.path.value !== msg.typed) return null;
      const { completed, completions, error } = completedField(state.path, msg.typed, msg.found);
      return update(app, { ...state, path: completed, completions, error, completing: null });
    }
    case 'exportProgress':
      if (running?.sequence !== msg.sequence) return null;
      return update(app, { ...state, running: { ...running, progress: msg.progress } });
    case 'exported':
      if (running?.sequence !== msg.sequence) return null;
      return leave(
        app,
        { ...state, running: null },
        {
          text: exportedText(msg.result),
          tone: 'success',
        },
      );
    case 'exportCancelled':
      if (running?.sequence !== msg.sequence) return null;
      return step({
        ...app,
        screen: { kind: 'export', export: { ...state, running: null } },
        message: { text: EXPORT_CANCELLED_TEXT, tone: 'warning' },
      });
    case 'failed':
      if (msg.effect === 'completePath' && state.completing !== null)
        return update(app, {
          ...state,
          completing: null,
          completions: [],
          error: describeForUi(msg.error).text,
        });
      if (msg.effect !== 'export' || running?.sequence !== msg.sequence) return null;
      return update(app, { ...state, running: null, error: describeForUi(msg.error).text });
    default:
      return null;
  }
}

/** The line that says how far a running export is. */
export function exportProgressLine(state: ExportState): string {
  const running = state.running;
  if (!running) return '';
  if (running.cancelling) return 'Cancelling: removing what was written...';
  const progress = running.progress;
  if (!progress) return `Exporting "${state.name}"...`;
  const elapsed = `elapsed ${duration(progress.sinceStartMs / 1000)}`;
  if (progress.phase === 'reading') {
    const { documents, totalDocuments } = progress;
    const percent = totalDocuments ? Math.floor((documents * 100) / totalDocuments) : 100;
    return `Reading documents: ${documents} of ${totalDocuments} (${percent}%)  ${elapsed}`;
  }
  return `Writing: ${plural(progress.files, 'file')} written (each with its config)  ${elapsed}`;
}
