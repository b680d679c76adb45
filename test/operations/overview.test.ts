import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { datasetOverview, overviewChanges } from '#core/operations/overview.js';
import { removeDataset } from '#core/operations/remove.js';
import { renameDataset } from '#core/operations/rename.js';
import { loadFixture } from '#test/support/fixtureLoads.js';

/**
 * The TUI's list read again from what it knew (its automatic refresh): only changed datasets
 * are counted again, and the changes are named. Record counts are the fixture facts of
 * test/fixtures/flux/README.md: casagfed2004.mat is 8 time steps.
 */
const load = (store: MemoryStore, name: string, timestamp: string) =>
  loadFixture(store, 'casagfed2004.mat', name, timestamp);

/** The store, with the names it is asked to count recorded. */
async function countingStore(): Promise<{ store: MemoryStore; counted: string[] }> {
  const store = new MemoryStore();
  await load(store, 'casa', '2004-06-30T00:00:00');
  await load(store, 'casa_july', '2004-07-01T00:00:00');
  const counted: string[] = [];
  const count = store.recordCount.bind(store);
  store.recordCount = (name: string) => {
    counted.push(name);
    return count(name);
  };
  return { store, counted };
}

describe('the list read again from what was known', () => {
  it('counts nothing when nothing changed, and gives the same rows', async () => {
    const { store, counted } = await countingStore();
    const first = await datasetOverview(store);
    assert.deepEqual(counted.sort(), ['casa', 'casa_july']);
    counted.length = 0;
    const again = await datasetOverview(store, first.rows);
    assert.deepEqual(counted, []);
    assert.deepEqual(again, first);
    assert.deepEqual(overviewChanges(first.rows, again.rows), {
      added: [],
      removed: [],
      changed: [],
      renamed: [],
    });
  });

  it('counts again the dataset an append changed, and only it', async () => {
    const { store, counted } = await countingStore();
    const first = await datasetOverview(store);
    // The next 8 steps of the series: 8 x 3 hours after 2004-06-30T00:00:00.
    await load(store, 'casa', '2004-07-01T00:00:00');
    counted.length = 0;
    const after = await datasetOverview(store, first.rows);
    assert.deepEqual(counted, ['casa']);
    // 8 steps, and 8 more appended.
    assert.deepEqual(
      after.rows.map((row) => [row.name, row.records, row.lastDate]),
      [
        ['casa', 16, '2004-07-01T21:00:00'],
        ['casa_july', 8, '2004-07-01T21:00:00'],
      ],
    );
    assert.deepEqual(overviewChanges(first.rows, after.rows).changed, ['casa']);
  });

  it('names what was renamed, removed and added, counting only the new', async () => {
    const { store, counted } = await countingStore();
    await load(store, 'old', '2005-01-01T00:00:00');
    const first = await datasetOverview(store);
    await renameDataset(store, 'casa_july', 'july');
    await removeDataset(store, 'old');
    await load(store, 'fresh', '2006-01-01T00:00:00');
    counted.length = 0;
    const after = await datasetOverview(store, first.rows);
    assert.deepEqual(counted.sort(), ['fresh', 'july']);
    assert.deepEqual(
      after.rows.map((row) => row.name),
      ['casa', 'fresh', 'july'],
    );
    assert.deepEqual(overviewChanges(first.rows, after.rows), {
      added: ['fresh'],
      removed: ['old'],
      changed: [],
      renamed: [{ from: 'casa_july', to: 'july' }],
    });
  });
});
