/**
 * Whether the run holding a journal entry is alive, and how the audit names it: a run of this
 * very process is alive for as long as the process runs it, whatever its heartbeat says; a run
 * of another process on this host is dead once that process is gone; any run is dead once its
 * heartbeat has been silent for longer than STALE_AFTER_MS (30 s).
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { describeHolder, isStale, keepAlive, runState } from '#core/journal.js';
import type { JournalEntry } from '#core/store.js';

const NOW = Date.UTC(2004, 5, 30, 12);
const DEAD_PID = 2 ** 22 + 19; // above Linux's pid_max: no process has it

function entry(fields: Partial<JournalEntry>): JournalEntry {
  return {
    _id: 'casa',
    op: 'load',
    token: 'tok',
    state: 'writing',
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date(Date.UTC(2004, 5, 30, 11)),
    heartbeat: new Date(NOW),
    ...fields,
  };
}

const STARTED = '2004-06-30T11:00:00Z';

describe('a run of this very process', () => {
  it('is alive while this process runs it, even with a heartbeat an hour old', () => {
    const live = entry({ token: 'here-1', heartbeat: new Date(NOW - 3_600_000) });
    const stop = keepAlive(new MemoryStore(), ['casa'], 'here-1');
    try {
      assert.equal(runState(live, NOW), 'here');
      assert.equal(isStale(live, NOW), false);
      assert.equal(
        describeHolder(live, NOW),
        `a load by this process (pid ${process.pid} on ${os.hostname()}, started ${STARTED})`,
      );
    } finally {
      stop();
    }
  });

  it('is dead once this process no longer runs it, even with a fresh heartbeat', () => {
    const ended = entry({ token: 'here-2' });
    keepAlive(new MemoryStore(), ['casa'], 'here-2')();
    assert.equal(runState(ended, NOW), 'ended-here');
    assert.equal(isStale(ended, NOW), true);
    assert.match(
      describeHolder(ended, NOW),
      /^a load by this process \(pid \d+ .*\) \(it ended without finishing\)$/,
    );
  });

  it('is dead when no run of this process has its token', () => {
    assert.equal(isStale(entry({ token: 'never-run' }), NOW), true);
  });
});

describe('a run of another process', () => {
  it('on this host: dead at once when its process is gone', () => {
    const gone = entry({ pid: DEAD_PID });
    assert.equal(runState(gone, NOW), 'gone');
    assert.equal(
      describeHolder(gone, NOW),
      `a load by pid ${DEAD_PID} on ${os.hostname()}, started ${STARTED} (its process is gone)`,
    );
  });

  it('on this host, its process alive: alive while its heartbeat is under 30 s old', () => {
    // The parent process (the test runner) is alive, on this host.
    const beating = entry({ pid: process.ppid, heartbeat: new Date(NOW - 29_000) });
    assert.equal(runState(beating, NOW), 'alive');
    assert.equal(describeHolder(beating, NOW).endsWith(`started ${STARTED}`), true);
    // A pid can be reused, and a process can outlive its run: a silent heartbeat is dead.
    const silent = entry({ pid: process.ppid, heartbeat: new Date(NOW - 31_000) });
    assert.equal(runState(silent, NOW), 'silent');
    assert.equal(isStale(silent, NOW), true);
  });

  it('on another host: by its heartbeat alone', () => {
    const elsewhere = { pid: 7, host: `not-${os.hostname()}` };
    assert.equal(isStale(entry({ ...elsewhere, heartbeat: new Date(NOW - 29_000) }), NOW), false);
    const silent = entry({ ...elsewhere, heartbeat: new Date(NOW - 31_000) });
    assert.equal(isStale(silent, NOW), true);
    assert.equal(
      describeHolder(silent, NOW),
      `a load by pid 7 on not-${os.hostname()}, started ${STARTED} (silent for too long: it looks dead)`,
    );
  });
});
