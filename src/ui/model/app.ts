import { STALE_AFTER_MS } from '#core/journal.js';
import { describeForUi } from '../errors.js';
import type { Key } from '../terminal/keys.js';
import { helpFor } from './activeBindings.js';
import { bindingFor } from './bindings.js';
import { initialBrowse, toBrowse, visibleRows, withMetadataLoading } from './browse.js';
import { helpAction } from './help.js';
import { tooSmall } from './layout.js';
import { cancelAllLoads, loadMessage, runningLoads, screenUnderLog } from './loads.js';
import { answerEntries, openLog, record } from './log.js';
import {
  applyPoll,
  HEARTBEAT_MS,
  neighbour,
  pollDue,
  pollFailed,
  withList,
  withRefresh,
} from './refresh.js';
import { screenError, withScreen, withScreenInFront } from './screenRegistry.js';
import type { AppState, Message, Msg, Size, Step } from './types.js';
import { step } from './types.js';

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
    loads: {},
    log: [],
    lastLoad: null,
  };
}

/** What the UI asks for as it opens; the ping follows the server from then on. */
export function startApp(app: AppState): Step {
  return step(
    app,
    { type: 'listDatasets' },
    { type: 'serverInfo' },
    { type: 'ping', delayMs: HEARTBEAT_MS },
  );
}

const note = (app: AppState, text: string, tone: Message['tone'] = 'muted'): AppState => ({
  ...app,
  message: { text, tone },
});

/**
 * What is writing to the database now: a load (whichever screen is in front), or the work of
 * the screen in front (or under the log). Quitting waits for it (Ctrl-C twice does not).
 */
export function writingWork(app: AppState): string | null {
  if (runningLoads(app).length > 0) return 'load';
  const screen = screenUnderLog(app);
  return withScreen(
    screen.kind,
    screen,
    (definition, shown) => definition.writing?.(shown) ?? null,
  );
}

/** Ctrl-C, or a signal: cancel what is running through the same path as Esc, then quit. */
function interrupt(app: AppState, code: number): Step {
  if (app.quitting) return step(app, { type: 'exit', code: app.quitting.code });
  const work = writingWork(app);
  if (!work) return step(app, { type: 'exit', code });
  const quitting = { ...app, quitting: { code } };
  // A load undoes what it wrote: quitting need not wait for a long load to end.
  if (work === 'load') {
    const cancelled = cancelAllLoads(quitting);
    const loads = runningLoads(app).length;
    return {
      state: note(
        cancelled.state,
        `Cancelling ${loads > 1 ? `the ${loads} loads` : 'the load'} before quitting (it undoes what it wrote); Ctrl-C again quits at once`,
        'warning',
      ),
      effects: cancelled.effects,
    };
  }
  // An export leaves nothing once cancelled: quitting waits only for its staged files' removal.
  if (work === 'export')
    return step(
      note(
        quitting,
        'Cancelling the export before quitting (nothing is left); Ctrl-C again quits at once',
        'warning',
      ),
      { type: 'cancelExport' },
    );
  return step(
    note(
      quitting,
      `Quitting once the ${work} is done; Ctrl-C again quits at once (the audit repairs what is left)`,
      'warning',
    ),
  );
}

/** An answer that ended the writing the operator was waiting for to quit: quit now. */
function quitOnceSettled(before: AppState, result: Step): Step {
  const quitting = result.state.quitting;
  return quitting && writingWork(before) && !writingWork(result.state)
    ? { state: result.state, effects: [...result.effects, { type: 'exit', code: quitting.code }] }
    : result;
}

/**
 * Ctrl-Z: the shell comes back, and `fg` brings the UI back as it was. Not while something
 * writes: a stopped process stops its journal's heartbeat, and after STALE_AFTER_MS other runs
 * and the audit would take its work for abandoned and undo it.
 */
function suspend(app: AppState): Step {
  const work = writingWork(app);
  // An export writes files, not the database: no journal's heartbeat to keep.
  if (!work || work === 'export') return step(app, { type: 'suspend' });
  const seconds = STALE_AFTER_MS / 1000;
  return step(
    note(
      app,
      `Ctrl-Z is off while the ${work} writes: stopped for ${seconds} s, it would look abandoned`,
      'warning',
    ),
  );
}

function connectionLost(app: AppState, detail: string): Step {
  if (app.connection.state === 'disconnected')
    return step({ ...app, connection: { state: 'disconnected', detail } });
  // What the message line said before ("Connected again.") gives way to why it is gone.
  return step(
    { ...app, connection: { state: 'disconnected', detail }, message: null },
    { type: 'ping', delayMs: RECONNECT_MS },
  );
}

function onKey(app: AppState, key: Key): Step {
  if (key.id === 'ctrl+c') return interrupt(app, EXIT_INTERRUPTED);
  const cleared = app.message ? { ...app, message: null } : app;
  if (key.id === 'ctrl+z') return suspend(cleared);
  if (tooSmall(app.size)) return step(cleared);
  if (app.help) return helpAction(cleared, key, helpFor(cleared).length);
  return withScreenInFront(cleared, (definition, screen) => {
    const found = bindingFor(definition.bindings(screen, cleared), key, cleared);
    if (found && 'refused' in found) return step(note(cleared, found.refused));
    if (found) {
      if (found.action === 'help') return step({ ...cleared, help: { selected: 0 } });
      if (found.action === 'log') return openLog(cleared);
      if (found.action === 'quit') return quit(cleared);
      return definition.action(cleared, screen, found.action);
    }
    return definition.text?.(cleared, screen, key) ?? unbound(cleared, key);
  });
}

/** q: quits at once, unless something is writing (a load in the background included). */
function quit(app: AppState): Step {
  const work = writingWork(app);
  if (!work) return step(app, { type: 'exit', code: 0 });
  const how =
    work === 'load'
      ? 'cancel it first (l on its row, then Esc), or Ctrl-C cancels it and quits'
      : 'Ctrl-C quits once it is done';
  return step(note(app, `a ${work} is running: ${how}`, 'warning'));
}

/** A key nothing took: a typed character or a paste is told why nothing happened. */
function unbound(app: AppState, key: Key): Step {
  if (key.id === 'paste')
    return step(note(app, 'pasted text is ignored here: this screen has no text field'));
  if (key.text !== undefined)
    return step(note(app, `"${key.text}" does nothing here; ? shows the keys`));
  return step(app);
}

/** Answers that concern the data on screen, whichever screen is in front. */
function onResult(app: AppState, msg: Msg): Step | null {
  const load = loadMessage(app, msg);
  if (load) return load;
  switch (msg.type) {
    case 'datasets':
      // The list brings every dataset's metadata along: the panes need no more requests.
      return withList(app, msg.rows, msg.held);
    case 'datasetsPolled':
      return applyPoll(app, msg);
    case 'pollDue':
      return pollDue(app);
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
      // The server answered a ping: the next one is timed from now, connected or not.
      const heartbeat = { type: 'ping' as const, delayMs: HEARTBEAT_MS };
      if (app.connection.state !== 'disconnected') return step(app, heartbeat);
      const next = { ...app, connection: { state: 'connected' as const } };
      return step(
        note(next, 'Connected again.', 'success'),
        { type: 'listDatasets' },
        { type: 'serverInfo' },
        heartbeat,
      );
    }
    case 'renamed':
      return toBrowse(app, {
        select: msg.to,
        message: { text: `Renamed "${msg.from}" to "${msg.to}".`, tone: 'success' },
        changed: true,
      });
    case 'removed': {
      // The selection moves to the neighbour: the next dataset, or the previous at the end.
      const without = {
        ...app,
        datasets: (app.datasets ?? []).filter((row) => row.name !== msg.name),
      };
      return toBrowse(without, {
        select: neighbour(visibleRows(app), msg.name, without),
        message: { text: `Removed "${msg.name}".`, tone: 'success' },
        changed: true,
      });
    }
    default:
      return null;
  }
}

/** Answers to work the screen in front asked for. */
function onScreenResult(app: AppState, msg: Msg): Step | null {
  return withScreenInFront(
    app,
    (definition, screen) => definition.message?.(app, screen, msg) ?? null,
  );
}

/** The whole UI as one function: a message in, the next state and the work it asks for out. */
export function updateApp(app: AppState, msg: Msg): Step {
  let result: Step;
  if (msg.type === 'key') result = onKey(app, msg.key);
  else if (msg.type === 'resize') result = step({ ...app, size: msg.size });
  else if (msg.type === 'signal') result = interrupt(app, msg.code);
  else {
    result = quitOnceSettled(app, onScreenResult(app, msg) ?? onResult(app, msg) ?? step(app));
    if (msg.type === 'failed') {
      const { text, connection } = describeForUi(msg.error);
      if (connection) {
        const lost = connectionLost(result.state, text);
        result = { state: lost.state, effects: [...result.effects, ...lost.effects] };
      } else if (msg.effect === 'listDatasets' || msg.effect === 'serverInfo') {
        result = step(note(result.state, text, 'error'));
      }
      // Retried, unless losing the connection just now asked for the retry already.
      if (msg.effect === 'ping' && !result.effects.some((effect) => effect.type === 'ping'))
        result = {
          ...result,
          effects: [...result.effects, { type: 'ping', delayMs: RECONNECT_MS }],
        };
      if (msg.effect === 'pollDatasets') {
        const failed = pollFailed(result.state, msg);
        result = { state: failed.state, effects: [...result.effects, ...failed.effects] };
      }
    }
  }
  result = withRefresh(app, msg, result);
  return {
    state: withMetadataLoading(withLog(app, msg, result.state), result.effects),
    effects: result.effects,
  };
}

/**
 * The log keeps what this step showed for the first time: a new message, a screen's new error,
 * the server going away, and the answers worth keeping (an audit's verdict, a repair's results).
 */
function withLog(before: AppState, msg: Msg, after: AppState): AppState {
  let next = after;
  const { message, connection } = after;
  if (message && message !== before.message && !message.logged)
    next = record(next, message.text, message.tone);
  const error = screenError(after);
  if (error && error !== screenError(before)) next = record(next, error, 'error');
  if (connection.state === 'disconnected' && before.connection.state !== 'disconnected')
    next = record(next, `disconnected: ${connection.detail}`, 'error');
  for (const entry of answerEntries(msg)) next = record(next, entry.text, entry.tone);
  return next;
}
