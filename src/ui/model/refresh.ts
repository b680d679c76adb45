import {
  overviewChanges,
  type DatasetRow,
  type OverviewChanges,
} from '#core/operations/overview.js';
import { plural } from '#core/text/plural.js';
import { describeForUi } from '../errors.js';
import { select, visibleRows } from './browse.js';
import type { AppState, Effect, Message, Msg, Step } from './types.js';
import { step } from './types.js';

/**
 * Keeping the list true to the database while it is in front: the automatic refresh (a poll),
 * and the ping that tells whether the server still answers (docs/ui.md, "The list keeps
 * itself current").
 */

/** The shortest wait between two refreshes while the list is in front. */
export const POLL_MS = 5000;
/**
 * A refresh waits at least this many times as long as the last one took, so that it never
 * keeps the server busy for more than a twentieth of the time, however many datasets it has.
 */
export const POLL_COST_FACTOR = 20;
/** How often a server that answers is pinged, idle or not (an unanswered ping: services). */
export const HEARTBEAT_MS = 2000;

/** The effects whose failure may mean the list is out of date: they refresh it. */
const REFRESH_AFTER_FAILURE = new Set<Effect['type']>([
  'readMetadata',
  'metadataDocument',
  'preview',
  'rename',
  'remove',
  'review',
  'load',
]);

/** The list is what the operator looks at: the list screen, with no help over it. */
export function listInFront(app: AppState): boolean {
  return app.screen.kind === 'browse' && app.help === null;
}

function canPoll(app: AppState): boolean {
  return (
    app.connection.state === 'connected' && app.datasets !== null && app.browse.polling === null
  );
}

/** Reads the list again, cheaply: unchanged datasets are not counted again (overview.ts). */
export function startPoll(app: AppState): Step {
  const sequence = app.sequence + 1;
  return step(
    { ...app, sequence, browse: { ...app.browse, polling: sequence } },
    { type: 'pollDatasets', known: app.datasets ?? [], sequence },
  );
}

/** The refresh's timer: a refresh now if the list is in front, else none until it is again. */
export function pollDue(app: AppState): Step {
  return listInFront(app) && canPoll(app) ? startPoll(app) : step(app);
}

/**
 * The list as read whole (at the start, R, after this UI's own changes, after a reconnect): it
 * replaces the list, its metadata and the marks, and a refresh in flight is not wanted any
 * more; the next is timed from now.
 */
export function withList(app: AppState, rows: DatasetRow[], held: string[]): Step {
  // An answer is a server that answers: one asked for before it went away says it is back.
  const back: Partial<AppState> =
    app.connection.state === 'disconnected'
      ? { message: { text: 'Connected again.', tone: 'success' } }
      : {};
  const next = {
    ...replaceRows(app, rows, held),
    ...back,
    connection: { state: 'connected' as const },
    browse: { ...app.browse, marks: {}, polling: null },
  };
  const still = visibleRows(next).some((row) => row.name === app.browse.selected);
  const selected = select(next, still ? app.browse.selected : null);
  return { ...selected, effects: [...selected.effects, { type: 'pollLater', delayMs: POLL_MS }] };
}

/** The rows, the names held, and every row's metadata (it comes with the list). */
function replaceRows(app: AppState, rows: DatasetRow[], held: string[]): AppState {
  const metadata = Object.fromEntries(
    rows.map((row) => [row.name, { status: 'loaded' as const, value: row.metadata }]),
  );
  return { ...app, datasets: rows, held, metadata };
}

/**
 * A refresh's answer: the rows that changed are marked, the operator is told what changed
 * (when the list is in front), and the selection follows its dataset (to its new name after a
 * rename; to its neighbour when it was removed). An answer a whole read overtook is dropped.
 */
export function applyPoll(app: AppState, msg: Extract<Msg, { type: 'datasetsPolled' }>): Step {
  if (msg.sequence !== app.browse.polling) return step(app);
  const changes = overviewChanges(app.datasets ?? [], msg.rows);
  const marks = { ...app.browse.marks };
  for (const name of [...changes.removed, ...changes.renamed.map(({ from }) => from)])
    delete marks[name];
  for (const name of [...changes.added, ...changes.renamed.map(({ to }) => to)])
    marks[name] = 'new';
  for (const name of changes.changed) marks[name] ??= 'changed';
  const before = visibleRows(app);
  const next: AppState = {
    ...replaceRows(app, msg.rows, msg.held),
    browse: { ...app.browse, marks, polling: null },
  };
  const selected = app.browse.selected;
  const renamedTo = changes.renamed.find(({ from }) => from === selected)?.to;
  // visibleRows: a new dataset being loaded in this session has a row before it is listed.
  const chosen = visibleRows(next).some((row) => row.name === selected)
    ? selected
    : (renamedTo ?? neighbour(before, selected, next));
  const told = changeMessage(changes);
  const shown = told && listInFront(app) ? { ...next, message: told } : next;
  // The same selection stays as it is: the metadata pane keeps its line.
  const result = chosen === selected ? step(shown) : select(shown, chosen);
  const delayMs = Math.max(POLL_MS, POLL_COST_FACTOR * msg.ms);
  return { ...result, effects: [...result.effects, { type: 'pollLater', delayMs }] };
}

/**
 * The row to select when the selected one is gone: the next of the rows shown before that is
 * still there, else the previous, else the first.
 */
export function neighbour(
  before: DatasetRow[],
  gone: string | null,
  after: AppState,
): string | null {
  const remaining = new Set(visibleRows(after).map((row) => row.name));
  const index = before.findIndex((row) => row.name === gone);
  const later = before.slice(index + 1).find((row) => remaining.has(row.name));
  const earlier = before
    .slice(0, Math.max(0, index))
    .reverse()
    .find((row) => remaining.has(row.name));
  return (later ?? earlier)?.name ?? null;
}

/** What another process changed, in a line: names when there are few, counts when many. */
export function changeMessage(changes: OverviewChanges): Message | null {
  const parts = [
    ...changes.renamed.map(({ from, to }) => `"${from}" renamed to "${to}"`),
    ...changes.removed.map((name) => `"${name}" removed`),
    ...changes.added.map((name) => `"${name}" added (+)`),
    ...changes.changed.map((name) => `"${name}" changed (*)`),
  ];
  if (parts.length === 0) return null;
  const gone = changes.removed.length + changes.renamed.length > 0;
  const text =
    parts.length <= 3
      ? `Changed elsewhere: ${parts.join('; ')}.`
      : `Changed elsewhere: ${plural(parts.length, 'dataset')} (${[
          changes.renamed.length ? `${changes.renamed.length} renamed` : '',
          changes.removed.length ? `${changes.removed.length} removed` : '',
          changes.added.length ? `${changes.added.length} added, marked +` : '',
          changes.changed.length ? `${changes.changed.length} changed, marked *` : '',
        ]
          .filter(Boolean)
          .join(', ')}).`;
  return { text, tone: gone ? 'warning' : 'plain' };
}

/**
 * What the refresh adds to a step of the app: a refresh as soon as the list comes back in
 * front (it was not refreshed meanwhile), and after an action that failed (the dataset may
 * have been renamed or removed by another process: the list should say so). A whole read
 * asked for in the same step makes a refresh pointless, and one in flight outdated.
 */
export function withRefresh(before: AppState, msg: Msg, result: Step): Step {
  const state = result.state;
  if (result.effects.some((effect) => effect.type === 'listDatasets'))
    return state.browse.polling === null
      ? result
      : { ...result, state: { ...state, browse: { ...state.browse, polling: null } } };
  const back = !listInFront(before) && listInFront(state);
  const failedAction =
    (msg.type === 'failed' && REFRESH_AFTER_FAILURE.has(msg.effect)) ||
    msg.type === 'metadataFailed' ||
    (msg.type === 'metadataDocument' && msg.metadata === null);
  if (!(back || failedAction) || !canPoll(state)) return result;
  const poll = startPoll(state);
  return { state: poll.state, effects: [...result.effects, ...poll.effects] };
}

/**
 * A refresh that failed: the next is timed from now. A lost connection is the app's to tell
 * (the status bar, and the ping that retries); any other reason is said once, on the list.
 */
export function pollFailed(app: AppState, msg: Extract<Msg, { type: 'failed' }>): Step {
  if (msg.sequence !== app.browse.polling) return step(app);
  const next = { ...app, browse: { ...app.browse, polling: null } };
  const { text, connection } = describeForUi(msg.error);
  if (connection) return step(next);
  const told = listInFront(next)
    ? {
        ...next,
        message: { text: `The list could not be refreshed: ${text}`, tone: 'error' as const },
      }
    : next;
  return step(told, { type: 'pollLater', delayMs: POLL_MS });
}
