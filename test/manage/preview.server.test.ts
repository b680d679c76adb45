import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { previewFrame, PreviewSession } from '#core/operations/preview.js';
import { loadSmallDataset, loadSmallObservations } from '#test/support/datasets.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('preview');
const temp = useTempDir('preview');

describe('preview frames keep one extent and one colour scale across time steps', () => {
  it('a grid: cells at x 10.5..12.5, y 40.5..42.5 on 1-degree cells; values 0..32', async () => {
    await loadSmallDataset(server, temp.path, 'grid', 4);
    const store = new MongoStore(server.db);
    const frames = await Promise.all([0, 1, 3].map((index) => previewFrame(store, 'grid', index)));
    for (const frame of frames) {
      assert.equal(frame.kind, 'grid');
      assert.deepEqual(frame.extent, { minX: 10, minY: 40, maxX: 13, maxY: 43 });
      // Values 0,1,2, 10,11,12, 20,21,22, 30,31,32: mean 16, sample std sqrt(1508/11) ≈ 11.7,
      // so mean ± 2 std (about -7.4 and 39.4) is clipped to min 0 and max 32.
      assert.deepEqual(frame.scale, { low: 0, high: 32, method: 'mean ± 2 std' });
      assert.deepEqual(frame.range, { min: 0, max: 32 });
    }
    assert.deepEqual(
      frames[2]?.points.map((point) => point.value),
      [30, 31, 32],
    );
  });

  it('the last step: on FerretDB v1 the read reports each step it passes, on MongoDB none', async () => {
    await loadSmallDataset(server, temp.path, 'walk', 5);
    const store = new MongoStore(server.db);
    const session = await PreviewSession.open(store, 'walk');
    try {
      const seen: Array<[number, number]> = [];
      const frame = await session.frame(4, {
        readAhead: false,
        onProgress: ({ step, count }) => seen.push([step, count]),
      });
      // Step k holds 10k, 10k + 1, 10k + 2 (loadSmallDataset).
      assert.deepEqual(
        frame.points.map((point) => point.value),
        [40, 41, 42],
      );
      const walked = [1, 2, 3, 4, 5].map((step) => [step, 5]);
      const indexed = (await store.serverInfo()).indexedTimes;
      assert.deepEqual(seen, indexed ? [] : walked);
    } finally {
      await session.close();
    }
  });

  it('points: the bbox of the observations as it is', async () => {
    await loadSmallObservations(server, temp.path, 'obs');
    const frame = await previewFrame(new MongoStore(server.db), 'obs', 0);
    assert.equal(frame.kind, 'points');
    assert.deepEqual(frame.extent, { minX: -103.5, minY: 40.25, maxX: -100.5, maxY: 43.25 });
    // value 386.1, 387.2, 388.3, 389.4: mean 387.75, std sqrt(6.05/3) ≈ 1.42, so mean ± 2 std
    // (about 384.9 and 390.6) is clipped to 386.1 and 389.4.
    assert.deepEqual(frame.scale, { low: 386.1, high: 389.4, method: 'mean ± 2 std' });
  });
});
