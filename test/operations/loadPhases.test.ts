/**
 * What a load says as it goes: an append that overwrites times reports backing them up,
 * removing them, writing, statistics and committing, and a cancelled one reports its undo;
 * every event counts its time from the start of the run. Fixture facts:
 * test/fixtures/flux/README.md (casagfed2004: 8 steps, 3 hours apart).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import type { LoadProgress } from '#core/operations/load/execute.js';
import { runLoad, type LoadCommand } from '#core/operations/load/index.js';
import { FIXTURES } from '#test/support/fixtures.js';

const casa = (overrides: Partial<LoadCommand> = {}): LoadCommand => ({
  path: `${FIXTURES}casagfed2004.mat`,
  model: 'SpatioTemporalMatrix',
  name: 'casa',
  overrides: 'timestamp=2004-06-30T00:00:00',
  ...overrides,
});

/** The phases in the order they were first reported. */
const phases = (events: LoadProgress[]) => [...new Set(events.map((event) => event.phase))];

describe('a load reports every phase, timed from its start', () => {
  it('an append that overwrites times: backing up, removing, writing, statistics, committing', async () => {
    const store = new MemoryStore();
    await runLoad(casa(), store, LOCAL_FILES);
    const events: LoadProgress[] = [];
    await runLoad(
      casa({ existing: 'replace', onProgress: (event) => events.push(event) }),
      store,
      LOCAL_FILES,
    );
    assert.deepEqual(phases(events), [
      'backing-up',
      'removing-replaced',
      'writing',
      'statistics',
      'committing',
    ]);
    const backups = events.filter((event) => event.phase === 'backing-up');
    assert.deepEqual(
      backups.map((event) => [event.copied, event.total]),
      [
        [0, 8],
        [8, 8],
      ],
    );
    const times = events.map((event) => event.sinceStartMs);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(await store.recordCount('casa'), 8);
  });

  it('a cancelled append that overwrote times reports its undo, and the times come back', async () => {
    const store = new MemoryStore();
    await runLoad(casa(), store, LOCAL_FILES);
    const before = await store.documentsAt('casa', '_id', new Date('2004-06-30T03:00:00Z'));
    const controller = new AbortController();
    const events: LoadProgress[] = [];
    await assert.rejects(
      runLoad(
        casa({
          existing: 'replace',
          overrides: 'timestamp=2004-06-30T00:00:00;precision=0',
          signal: controller.signal,
          onProgress(event) {
            events.push(event);
            if (event.phase === 'writing') controller.abort();
          },
        }),
        store,
        LOCAL_FILES,
      ),
      /cancelled/,
    );
    const undo = events.filter((event) => event.phase === 'undoing');
    assert.ok(undo.length > 0, 'the undo is reported');
    const restored = undo.filter((event) => /restoring the replaced times/.test(event.detail));
    assert.deepEqual(restored.at(-1) && [restored.at(-1)?.done, restored.at(-1)?.total], [8, 8]);
    assert.deepEqual(
      await store.documentsAt('casa', '_id', new Date('2004-06-30T03:00:00Z')),
      before,
    );
  });
});
