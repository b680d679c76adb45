import { describeForUi } from '../errors.js';
import type { Key } from '../terminal/keys.js';
import { auditAction, auditMessage, confirmAnswer, startAudit } from './audit.js';
import { bindingFor } from './bindings.js';
import {
  editFilter,
  endFilter,
  initialBrowse,
  moveInDetails,
  moveInList,
  select,
  selectedRow,
  startFilter,
  visibleRows,
  withMetadataLoading,
} from './browse.js';
import {
  openRemove,
  openRename,
  removeAction,
  removeMessage,
  removeText,
  renameAction,
  renameMessage,
  renameText,
} from './dialogs.js';
import { helpAction } from './help.js';
import { tooSmall } from './layout.js';
import { openPreview, previewAction, previewMessage } from './preview.js';
import { activeBindings, helpFor } from './activeBindings.js';
import type { AppState, Message, Msg, Size, Step } from './types.js';
import { step } from './types.js';
import { wizardAction } from './wizard/actions.js';
import { wizardMessage } from './wizard/messages.js';
import { initialWizard } from './wizard/state.js';
import { wizardText } from './wizard/text.js';

/** Exit codes: q quits with 0; Ctrl-C with 130, as a shell reports an interrupted program. */
export const EXIT_INTERRUPTED = 130;
/** How long to wait between tries to reach a server that went away. */
export const RECONNECT_MS = 2000;

export function initialApp(server: string, database: string, size: Size): AppState {
  return {
    size,
    server,
    database,
    version: '',
    connection: { state: 'connecting' },
    datasets: null,
    held: [],
    metadata: {},
    browse: initialBrowse,
    screen: { kind: 'browse' },
    help: null,
    message: null,
    quitting: null,
    sequence: 0,
  };
}

/** What the UI asks for as it opens. */
export function startApp(app: AppState): Step {
  return step(app, { type: 'listDatasets' }, { type: 'serverInfo' });
}

const note = (app: AppState, text: string, tone: Message['tone'] = 'muted'): AppState => ({
  ...app,
  message: { text, tone },
});

/** What is writing to the database now: quitting waits for it (Ctrl-C twice does not). */
export function writingWork(app: AppState): string | null {
  const screen = app.screen;
  if (screen.kind === 'load' && screen.wizard.run?.status === 'running') return 'load';
  if ((screen.kind === 'rename' || screen.kind === 'remove') && screen.dialog.busy)
    return screen.kind;
  if (screen.kind === 'audit' && screen.audit.repairing) return 'repair';
  return null;
}

/** Ctrl-C, or a signal: cancel what is running through the same path as Esc, then quit. */
function interrupt(app: AppState, code: number): Step {
  if (app.quitting) return step(app, { type: 'exit', code: app.quitting.code });
  const work = writingWork(app);
  if (!work) return step(app, { type: 'exit', code });
  const quitting = { ...app, quitting: { code } };
  if (work === 'load' && app.screen.kind === 'load') {
    const run = app.screen.wizard.run;
    const wizard = {
      ...app.screen.wizard,
      run: run?.status === 'running' ? { ...run, cancelling: true } : run,
    };
    return step(
      note(
        { ...quitting, screen: { kind: 'load', wizard } },
        'Cancelling the load before quitting (it undoes what it wrote); Ctrl-C again quits at once',
        'warning',
      ),
      { type: 'cancelLoad' },
    );
  }
  return step(
    note(
      quitting,
      `Quitting once the ${work} is done; Ctrl-C again quits at once (the audit repairs what is left)`,
      'warning',
    ),
  );
}

/** After work that wrote has settled: quit if the operator asked to meanwhile. */
function settled(result: Step): Step {
  const quitting = result.state.quitting;
  return quitting && !writingWork(result.state)
    ? { state: result.state, effects: [...result.effects, { type: 'exit', code: quitting.code }] }
    : result;
}

/**
 * Back to the list, e.g. when a screen closes. `changed`: the data changed, so the list is
 * read again, and `select` is chosen once it is there (a new dataset is not in it yet).
 */
function toBrowse(
  app: AppState,
  options: { select?: string | null; message?: Message; changed?: boolean } = {},
): Step {
  const selected = options.select !== undefined ? options.select : app.browse.selected;
  const next: AppState = {
    ...app,
    screen: { kind: 'browse' },
    browse: { ...app.browse, selected, focus: 'list' },
    ...(options.message ? { message: options.message } : {}),
  };
  return options.changed ? step(next, { type: 'listDatasets' }) : select(next, selected);
}

/** The list again (its metadata comes along, replacing what the panes showed). */
function refresh(app: AppState): Step {
  return step(app, { type: 'listDatasets' }, { type: 'serverInfo' });
}

function connectionLost(app: AppState, detail: string): Step {
  if (app.connection.state === 'disconnected')
    return step({ ...app, connection: { state: 'disconnected', detail } });
  return step(
    { ...app, connection: { state: 'disconnected', detail } },
    { type: 'ping', delayMs: RECONNECT_MS },
  );
}

function browseAction(app: AppState, action: string): Step {
  const row = selectedRow(app);
  switch (action) {
    case 'details':
      return step({ ...app, browse: { ...app.browse, focus: 'details', detailLine: 0 } });
    case 'back':
      return step({ ...app, browse: { ...app.browse, focus: 'list' } });
    case 'filter':
      return startFilter(app);
    case 'keep':
      return endFilter(app, true);
    case 'clear':
    case 'clearFilter':
      return endFilter({ ...app, browse: { ...app.browse, filtering: null } }, false);
    case 'load':
      return step({ ...app, screen: { kind: 'load', wizard: initialWizard() } });
    case 'preview':
      return row ? openPreview(app, row.name) : step(app);
    case 'rename':
      return row ? openRename(app, row.name) : step(app);
    case 'remove':
      return row ? openRemove(app, row.name, row.records) : step(app);
    case 'audit':
      return startAudit(app);
    case 'refresh':
      return app.connection.state === 'disconnected'
        ? step(app, { type: 'ping', delayMs: 0 })
        : refresh(app);
    default:
      return app.browse.focus === 'details'
        ? moveInDetails(app, action as Parameters<typeof moveInDetails>[1])
        : moveInList(app, action as Parameters<typeof moveInList>[1]);
  }
}

/** The action of a binding on the screen in front. */
function screenAction(app: AppState, action: string): Step {
  const screen = app.screen;
  switch (screen.kind) {
    case 'browse':
      return browseAction(app, action);
    case 'load':
      return wizardAction(app, screen.wizard, action as never, (state, dataset) =>
        toBrowse(
          state,
          dataset
            ? {
                select: dataset,
                message: { text: `Loaded "${dataset}".`, tone: 'success' },
                changed: true,
              }
            : {},
        ),
      );
    case 'audit':
      if (screen.audit.confirm) return confirmAnswer(app, screen.audit, action === 'yes');
      return auditAction(app, screen.audit, action as never, (state, changed) =>
        toBrowse(state, { changed }),
      );
    case 'rename':
      return renameAction(app, screen.dialog, action as never, (state) => toBrowse(state));
    case 'remove':
      return removeAction(app, screen.dialog, action as never, (state) => toBrowse(state));
    case 'preview':
      return previewAction(app, screen.preview, action as never, (state) => toBrowse(state));
  }
}

/** A key no binding took: typed into the screen's text field, if it has one. */
function typed(app: AppState, key: Key): Step | null {
  const screen = app.screen;
  switch (screen.kind) {
    case 'browse':
      return editFilter(app, key);
    case 'load':
      return wizardText(app, screen.wizard, key);
    case 'rename':
      return renameText(app, screen.dialog, key);
    case 'remove':
      return removeText(app, screen.dialog, key);
    default:
      return null;
  }
}

function onKey(app: AppState, key: Key): Step {
  if (key.id === 'ctrl+c') return interrupt(app, EXIT_INTERRUPTED);
  const cleared = app.message ? { ...app, message: null } : app;
  if (tooSmall(app.size)) return step(cleared);
  if (app.help) return helpAction(cleared, key, helpFor(cleared).length);
  const bindings = activeBindings(cleared);
  const found = bindingFor(bindings, key, cleared);
  if (found && 'refused' in found) return step(note(cleared, found.refused));
  if (found) {
    if (found.action === 'help') return step({ ...cleared, help: { selected: 0 } });
    if (found.action === 'quit') return step(cleared, { type: 'exit', code: 0 });
    return screenAction(cleared, found.action);
  }
  const text = typed(cleared, key);
  if (text) return text;
  if (key.id === 'paste')
    return step(note(cleared, 'pasted text is ignored here: this screen has no text field'));
  if (key.text !== undefined)
    return step(note(cleared, `"${key.text}" does nothing here; ? shows the keys`));
  return step(cleared);
}

/** Answers that concern the data on screen, whichever screen is in front. */
function onResult(app: AppState, msg: Msg): Step | null {
  switch (msg.type) {
    case 'datasets': {
      // The list brings every dataset's metadata along: the panes need no more requests.
      const metadata = Object.fromEntries(
        msg.rows.map((row) => [row.name, { status: 'loaded' as const, value: row.metadata }]),
      );
      const connected = {
        ...app,
        datasets: msg.rows,
        held: msg.held,
        metadata,
        connection: { state: 'connected' as const },
      };
      const still = visibleRows(connected).some((row) => row.name === app.browse.selected);
      return select(connected, still ? app.browse.selected : null);
    }
    case 'serverInfo':
      return step({
        ...app,
        version:
          msg.info.engine === 'ferretdb'
            ? `FerretDB ${msg.info.engineVersion} (MongoDB ${msg.info.version})`
            : `MongoDB ${msg.info.version}`,
      });
    case 'metadata':
      return step({
        ...app,
        metadata: { ...app.metadata, [msg.name]: { status: 'loaded', value: msg.metadata } },
      });
    case 'metadataFailed': {
      const { text, connection } = describeForUi(msg.error);
      const next = {
        ...app,
        metadata: { ...app.metadata, [msg.name]: { status: 'failed' as const, detail: text } },
      };
      return connection ? connectionLost(next, text) : step(next);
    }
    case 'reconnected': {
      const next = { ...app, connection: { state: 'connected' as const } };
      return step(
        note(next, 'Connected again.', 'success'),
        { type: 'listDatasets' },
        { type: 'serverInfo' },
      );
    }
    case 'renamed':
      return settled(
        toBrowse(app, {
          select: msg.to,
          message: { text: `Renamed "${msg.from}" to "${msg.to}".`, tone: 'success' },
          changed: true,
        }),
      );
    case 'removed': {
      // The selection moves to the neighbour: the next dataset, or the previous at the end.
      const rows = visibleRows(app);
      const index = rows.findIndex((row) => row.name === msg.name);
      const neighbour = (rows[index + 1] ?? rows[index - 1])?.name ?? null;
      const without = {
        ...app,
        datasets: (app.datasets ?? []).filter((row) => row.name !== msg.name),
      };
      return settled(
        toBrowse(without, {
          select: neighbour,
          message: { text: `Removed "${msg.name}".`, tone: 'success' },
          changed: true,
        }),
      );
    }
    default:
      return null;
  }
}

function onScreenResult(app: AppState, msg: Msg): Step | null {
  const screen = app.screen;
  switch (screen.kind) {
    case 'load': {
      const result = wizardMessage(app, screen.wizard, msg);
      return result && ['loaded', 'loadCancelled', 'failed'].includes(msg.type)
        ? settled(result)
        : result;
    }
    case 'audit': {
      const result = auditMessage(app, screen.audit, msg);
      return result && (msg.type === 'repaired' || msg.type === 'failed')
        ? settled(result)
        : result;
    }
    case 'rename': {
      const result = renameMessage(app, screen.dialog, msg);
      return result && msg.type === 'failed' ? settled(result) : result;
    }
    case 'remove': {
      const result = removeMessage(app, screen.dialog, msg);
      return result && msg.type === 'failed' ? settled(result) : result;
    }
    case 'preview':
      return previewMessage(app, screen.preview, msg);
    default:
      return null;
  }
}

/** The whole UI as one function: a message in, the next state and the work it asks for out. */
export function updateApp(app: AppState, msg: Msg): Step {
  let result: Step;
  if (msg.type === 'key') result = onKey(app, msg.key);
  else if (msg.type === 'resize') result = step({ ...app, size: msg.size });
  else if (msg.type === 'signal') result = interrupt(app, msg.code);
  else {
    result = onScreenResult(app, msg) ?? onResult(app, msg) ?? step(app);
    if (msg.type === 'failed') {
      const { text, connection } = describeForUi(msg.error);
      if (connection) {
        const lost = connectionLost(result.state, text);
        result = { state: lost.state, effects: [...result.effects, ...lost.effects] };
      } else if (msg.effect === 'listDatasets' || msg.effect === 'serverInfo') {
        result = step(note(result.state, text, 'error'));
      }
      if (msg.effect === 'ping')
        result = {
          ...result,
          effects: [...result.effects, { type: 'ping', delayMs: RECONNECT_MS }],
        };
    }
  }
  return { state: withMetadataLoading(result.state, result.effects), effects: result.effects };
}
