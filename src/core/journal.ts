import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { FluxError } from './errors.js';
import { INTERNAL_PREFIX } from './names.js';
import type { JournalEntry, JournalStore } from './store.js';
import { formatTimestamp } from './time/timestamps.js';

export const JOURNAL_COLLECTION = `${INTERNAL_PREFIX}journal`;
/** A running operation refreshes its heartbeat this often... */
export const HEARTBEAT_MS = 5_000;
/** ...so one silent for this long has died (a crash, a kill -9, a lost host). */
export const STALE_AFTER_MS = 30_000;

export class JournalConflictError extends FluxError {
  constructor(readonly holder: JournalEntry) {
    super(
      'conflict',
      `dataset "${holder._id}" is busy: ${describeHolder(holder)}; wait for it to finish${
        isStale(holder) ? ', or run `flux-manage db -a --fix` to clean up after it' : ''
      }`,
    );
    this.name = 'JournalConflictError';
  }
}

export function describeHolder(entry: JournalEntry, now = Date.now()): string {
  const what: Record<JournalEntry['op'], string> = {
    load: 'a load',
    append: 'a load (append)',
    'rename-source': `a rename to "${entry.partner}"`,
    'rename-target': `a rename from "${entry.partner}"`,
    remove: 'a removal',
  };
  const state = runState(entry, now);
  const by =
    state === 'here' || state === 'ended-here'
      ? `this process (${describeRun(entry)})`
      : describeRun(entry);
  return `${what[entry.op]} by ${by}${STATE_NOTES[state]}`;
}

/** How a holder's run is doing, as describeHolder says it after the run. */
const STATE_NOTES: Record<RunState, string> = {
  here: '',
  'ended-here': ' (it ended without finishing)',
  alive: '',
  gone: ' (its process is gone)',
  silent: ' (silent for too long: it looks dead)',
};

/** Which run an entry belongs to: "pid 123 on host, started 2004-06-30T00:00:00Z". */
export function describeRun(entry: JournalEntry): string {
  return `pid ${entry.pid} on ${entry.host}, started ${formatTimestamp(entry.startedAt)}Z`;
}

function newToken(): string {
  return randomBytes(6).toString('hex');
}

function ownerFields(): Pick<JournalEntry, 'pid' | 'host'> {
  return { pid: process.pid, host: os.hostname() };
}

/** The fields every run's entry starts with: its token, its process, when it started. */
export function runFields(
  token = newToken(),
): Pick<JournalEntry, 'token' | 'pid' | 'host' | 'startedAt' | 'heartbeat'> {
  const now = new Date();
  return { token, ...ownerFields(), startedAt: now, heartbeat: new Date(now) };
}

/** The runs this process is doing now, by token: alive by definition (see runState). */
const runsHere = new Set<string>();

/**
 * Marks a run alive until the returned stop is called: in this process (runState), and for
 * other runs and `db -a` by refreshing the heartbeat of its entries (one per name it holds).
 * Start it before the run's first claim and stop it after its last write (an undo included),
 * so that the run never looks dead while it works. A failed refresh is not the run's failure:
 * its next journal write finds out whether the lock was lost.
 */
export function keepAlive(store: JournalStore, names: string[], token: string): () => void {
  runsHere.add(token);
  const timer = setInterval(() => {
    for (const name of names)
      store.updateClaim(name, token, { heartbeat: new Date() }).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    runsHere.delete(token);
  };
}

/** Runs `work` as a run that is alive (keepAlive) from its start until it settles. */
export async function whileAlive<T>(
  store: JournalStore,
  names: string[],
  token: string,
  work: () => Promise<T>,
): Promise<T> {
  const stop = keepAlive(store, names, token);
  try {
    return await work();
  } finally {
    stop();
  }
}

/**
 * Whether the run holding an entry is alive, as far as this process can tell:
 * - `here`: this process runs it (keepAlive), so it is alive whatever its heartbeat says;
 * - `ended-here`: this process wrote it but no longer runs it (it stopped without releasing);
 * - `gone`: another process on this host wrote it, and that process is gone;
 * - `silent`: its heartbeat stopped (a process on another host, or one whose pid is alive but
 *   may have been reused, or which no longer runs it);
 * - `alive`: otherwise.
 */
export type RunState = 'here' | 'ended-here' | 'alive' | 'gone' | 'silent';

export function runState(entry: JournalEntry, now = Date.now()): RunState {
  if (entry.host === os.hostname()) {
    if (entry.pid === process.pid) return runsHere.has(entry.token) ? 'here' : 'ended-here';
    if (!processAlive(entry.pid)) return 'gone';
  }
  return now - new Date(entry.heartbeat).getTime() > STALE_AFTER_MS ? 'silent' : 'alive';
}

/** Dead: its run is not alive (runState), and `db -a --fix` or the next run cleans up. */
export function isStale(entry: JournalEntry, now = Date.now()): boolean {
  const state = runState(entry, now);
  return state !== 'here' && state !== 'alive';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
