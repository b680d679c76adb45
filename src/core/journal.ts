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

export function describeHolder(entry: JournalEntry): string {
  const what: Record<JournalEntry['op'], string> = {
    load: 'a load',
    append: 'a load (append)',
    'rename-source': `a rename to "${entry.partner}"`,
    'rename-target': `a rename from "${entry.partner}"`,
    remove: 'a removal',
  };
  return `${what[entry.op]} by ${describeRun(entry)}${isStale(entry) ? ' (it looks dead)' : ''}`;
}

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

/**
 * Refreshes the heartbeat of a run's entries (one per name it holds) until the returned stop
 * is called, so that other runs and `db -a` can tell it is alive (isStale). A failed refresh
 * is not the run's failure: its next journal write finds out whether the lock was lost.
 */
export function keepAlive(store: JournalStore, names: string[], token: string): () => void {
  const timer = setInterval(() => {
    for (const name of names)
      store.updateClaim(name, token, { heartbeat: new Date() }).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Dead when its process is gone (same host) or its heartbeat stopped (any host). */
export function isStale(entry: JournalEntry, now = Date.now()): boolean {
  if (entry.host === os.hostname() && !processAlive(entry.pid)) return true;
  return now - new Date(entry.heartbeat).getTime() > STALE_AFTER_MS;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
