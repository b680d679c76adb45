import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { JOURNAL_COLLECTION, JournalConflictError } from '#core/journal.js';
import type { DataDocument } from '#core/mediators/types.js';
import { COORD_INDEX, METADATA, SUMMARY_STATS } from '#core/names.js';
import type { DatasetStore, JournalEntry, StatsSketch } from '#core/store.js';

/**
 * What every DatasetStore promises, as the engine relies on it: one suite, run against the
 * in-memory store (test/store/memory.test.ts, no server) and against MongoStore on the test
 * server (test/store/mongo.server.test.ts), so that the fast tier's store cannot drift from the
 * real one. Expected values are written out by hand here, never read back from a store.
 */
export function describeStoreBehaviour(label: string, fresh: () => Promise<DatasetStore>) {
  describe(`${label}: what every DatasetStore promises`, () => {
    let store: DatasetStore;
    beforeEach(async () => {
      store = await fresh();
    });

    const hour = (h: number) => new Date(Date.UTC(2004, 5, 30, h));
    const step = (h: number, values: (number | null)[]): DataDocument => ({
      _id: hour(h),
      values,
    });
    const names = async () => (await store.collectionNames()).sort();

    describe('collections', () => {
      it('exist once written to, are counted, and dropped (a missing one too)', async () => {
        assert.equal(await store.collectionExists('casa'), false);
        await store.insertDocuments('casa', [step(0, [1.5]), step(3, [2.5])]);
        assert.equal(await store.collectionExists('casa'), true);
        assert.equal(await store.collectionExists('cas'), false, 'names are compared whole');
        assert.equal(await store.recordCount('casa'), 2);
        assert.equal(await store.recordCount('absent'), 0);
        assert.deepEqual(await names(), ['casa']);
        await store.dropCollection('casa');
        assert.deepEqual(await names(), []);
        await store.dropCollection('casa');
        assert.equal(await store.collectionExists('casa'), false);
      });

      it('a rename moves the documents and refuses an existing target', async () => {
        await store.insertDocuments('a', [step(0, [1])]);
        await store.insertDocuments('b', [step(0, [2]), step(3, [3])]);
        await assert.rejects(store.renameCollection('a', 'b'));
        assert.equal(await store.recordCount('a'), 1, 'the source is untouched');
        assert.equal(await store.recordCount('b'), 2, 'the target is untouched');
        await store.renameCollection('a', 'c');
        assert.deepEqual(await names(), ['b', 'c']);
        assert.deepEqual(await store.documentsAt('c', '_id', hour(0)), [step(0, [1])]);
        await assert.rejects(store.renameCollection('absent', 'd'));
      });
    });

    describe('documents', () => {
      it('an ordered insert stops at a duplicate _id, keeping what went before', async () => {
        await store.insertDocuments('casa', [step(0, [1])]);
        await assert.rejects(
          store.insertDocuments('casa', [step(3, [2]), step(0, [9]), step(6, [3])]),
        );
        assert.deepEqual(await store.existingTimes('casa', '_id', [hour(0), hour(3), hour(6)]), [
          hour(0),
          hour(3),
        ]);
        assert.deepEqual(await store.documentsAt('casa', '_id', hour(0)), [step(0, [1])]);
      });

      it('refuses a batch with a document over 16 MiB, writing none of it', async () => {
        const huge = new Array<number>(2_200_000).fill(0.5); // ~ 2.2M x 9+ bytes > 16 MiB
        await assert.rejects(store.insertDocuments('big', [step(0, [1]), step(3, huge)]));
        assert.equal(await store.recordCount('big'), 0);
      });

      it('finds, copies and deletes time steps, by _id or by timestamp', async () => {
        await store.insertDocuments('grid', [step(0, [1]), step(3, [2]), step(6, [3])]);
        assert.deepEqual(await store.existingTimes('grid', '_id', [hour(6), hour(9), hour(0)]), [
          hour(6),
          hour(0),
        ]);
        assert.equal(await store.copyTimes('grid', 'backup', '_id', [hour(3), hour(9)]), 1);
        assert.deepEqual(await store.documentsAt('backup', '_id', hour(3)), [step(3, [2])]);
        assert.equal(await store.deleteTimes('grid', '_id', [hour(0), hour(3)]), 2);
        assert.equal(await store.recordCount('grid'), 1);
        assert.deepEqual(await store.documentsAt('grid', '_id', hour(0)), []);

        const observation = (h: number, value: number) => ({
          timestamp: hour(h),
          coordinates: [-105.5, 40.25],
          properties: { value, error: 0.5 },
        });
        await store.insertDocuments('xco2', [
          observation(0, 388.5),
          observation(0, 389.5),
          observation(3, 390.5),
        ]);
        const atZero = await store.documentsAt('xco2', 'timestamp', hour(0));
        assert.deepEqual(
          atZero.map((document) => (document.properties as { value: number }).value).sort(),
          [388.5, 389.5],
        );
        assert.deepEqual(await store.existingTimes('xco2', 'timestamp', [hour(3)]), [hour(3)]);
        assert.equal(await store.deleteTimes('xco2', 'timestamp', [hour(0)]), 2);
        assert.equal(await store.recordCount('xco2'), 1);
        assert.deepEqual(await store.existingTimes('xco2', 'none', [hour(3)]), []);
      });

      it('stores a missing value as null, and scans with or without a projection', async () => {
        const values = [1.5, 2.5, 3.5];
        delete values[1]; // a NaN cell is a hole in the built array
        await store.insertDocuments('holes', [{ _id: hour(0), values, extra: 'x' }]);
        const [all] = await collect(store.scanDocuments('holes', []));
        assert.deepEqual(all, { _id: hour(0), values: [1.5, null, 3.5], extra: 'x' });
        const [some] = await collect(store.scanDocuments('holes', ['values']));
        assert.deepEqual(some, { _id: hour(0), values: [1.5, null, 3.5] });
        assert.deepEqual(await store.sampleDocument('holes'), all);
        assert.equal(await store.sampleDocument('absent'), null);
      });

      it('reads cells through time in stored order, a value or null per cell and document', async () => {
        const values = [1.5, 2.5, 3.5];
        delete values[1]; // a NaN cell is a hole in the built array
        await store.insertDocuments('cells', [
          { _id: hour(6), values: [10, 20, 30], errors: [0.5, 0.25, 0.125] },
          { _id: hour(0), values, errors: [1, 2, 3] },
          { _id: hour(3), values: [-7, 8.25, null], errors: [4, 5, 6] },
          { _id: hour(9), values: 'not an array' },
          { _id: hour(12), errors: [7, 8, 9] },
          { _id: hour(15), values: [1, 'two', 3] },
        ]);
        const cells = async (field: string, indexes: number[]) =>
          (await collect(store.cellValues('cells', field, indexes))).map(
            ({ _id, values }) => [(_id as Date).getUTCHours(), values] as const,
          );
        assert.deepEqual(await cells('values', [1]), [
          [6, [20]],
          [0, [null]],
          [3, [8.25]],
          [9, [null]],
          [12, [null]],
          [15, [null]],
        ]);
        // In the order asked, one past the end, a negative and a fractional index among them.
        assert.deepEqual(await cells('values', [2, 0, 3, -1, 0.5]), [
          [6, [30, 10, null, null, null]],
          [0, [3.5, 1.5, null, null, null]],
          [3, [null, -7, null, null, null]],
          [9, [null, null, null, null, null]],
          [12, [null, null, null, null, null]],
          [15, [3, 1, null, null, null]],
        ]);
        assert.deepEqual(
          (await cells('errors', [0])).map(([, found]) => found),
          [[0.5], [1], [4], [null], [7], [null]],
        );
        assert.deepEqual(await collect(store.cellValues('absent', 'values', [0])), []);
      });

      it('hands out copies: changing what was read or written changes nothing stored', async () => {
        const written = step(0, [1, 2]);
        await store.insertDocuments('copies', [written]);
        (written.values as number[])[0] = 99;
        const [read] = await store.documentsAt('copies', '_id', hour(0));
        (read?.values as number[])[1] = 99;
        assert.deepEqual(await store.documentsAt('copies', '_id', hour(0)), [step(0, [1, 2])]);
      });
    });

    describe('entries: metadata, coord_index, summary_stats', () => {
      const metadata = {
        _id: 'casa',
        title: 'Surface fluxes',
        gridded: true,
        dates: ['2004-06-30T00:00:00', '2004-06-30T03:00:00'],
        bbox: [-166.5, 10.5, -50.5, 69.5],
        stats: { values: { mean: 0.5, min: -1.25, max: 2.5, std: 0.75, median: 0.5 } },
      };
      const sketch: StatsSketch = {
        _id: 'casa',
        documents: 2,
        dates: metadata.dates,
        stats: metadata.stats,
        parameters: {
          values: { values: Float64Array.of(-1.25, 0.5, 2.5), counts: Float64Array.of(1, 2, 1) },
        },
      };

      it('write, read, list and delete each kind of entry by dataset name', async () => {
        await store.writeMetadata(metadata);
        await store.writeMetadata({ ...metadata, _id: 'kriged', title: 'Kriged XCO2' });
        await store.writeCoordIndex('casa', [
          [-166.5, 10.5],
          [-50.5, 69.5],
        ]);
        await store.writeStatsSketch(sketch);
        assert.deepEqual(await store.readMetadata('casa'), metadata);
        assert.equal(await store.readMetadata('cas'), null);
        assert.deepEqual((await store.listMetadataIds()).sort(), ['casa', 'kriged']);
        assert.deepEqual(await store.readCoordIndex('casa'), [
          [-166.5, 10.5],
          [-50.5, 69.5],
        ]);
        assert.deepEqual(await store.listCoordIndexIds(), ['casa']);
        assert.equal(await store.coordIndexExists('casa'), true);
        assert.equal(await store.coordIndexExists('kriged'), false);
        assert.deepEqual(await store.readStatsSketch('casa'), sketch);
        assert.deepEqual(await store.listStatsSketches(), [
          { _id: 'casa', documents: sketch.documents, dates: sketch.dates },
        ]);
        // Entries live in the collections the web API and the original tool know.
        assert.deepEqual(await names(), [COORD_INDEX, METADATA, SUMMARY_STATS]);

        await store.writeMetadata({ ...metadata, title: 'Replaced' });
        assert.equal((await store.readMetadata('casa'))?.title, 'Replaced');
        await store.deleteMetadata('casa');
        await store.deleteCoordIndex('casa');
        await store.deleteStatsSketch('casa');
        assert.equal(await store.readMetadata('casa'), null);
        assert.equal(await store.readCoordIndex('casa'), null);
        assert.equal(await store.coordIndexExists('casa'), false);
        assert.equal(await store.readStatsSketch('casa'), null);
        assert.deepEqual(await store.listMetadataIds(), ['kriged']);
      });

      it('moves every entry of a dataset to its new name', async () => {
        await store.writeMetadata(metadata);
        await store.writeCoordIndex('casa', [[1.5, 2.5]]);
        await store.writeStatsSketch(sketch);
        await store.moveEntries('casa', 'casa_2004');
        assert.deepEqual(await store.readMetadata('casa_2004'), { ...metadata, _id: 'casa_2004' });
        assert.deepEqual(await store.readCoordIndex('casa_2004'), [[1.5, 2.5]]);
        assert.deepEqual(await store.readStatsSketch('casa_2004'), { ...sketch, _id: 'casa_2004' });
        assert.deepEqual(await store.listMetadataIds(), ['casa_2004']);
        assert.equal(await store.readCoordIndex('casa'), null);
        // Repeating the step (a resumed rename) changes nothing.
        await store.moveEntries('casa', 'casa_2004');
        assert.deepEqual(await store.listCoordIndexIds(), ['casa_2004']);
      });
    });

    describe('the journal', () => {
      const entry = (name: string, token: string): JournalEntry => ({
        _id: name,
        op: 'load',
        token,
        state: 'writing',
        pid: 4242,
        host: 'ops-1',
        startedAt: hour(0),
        heartbeat: hour(0),
        staging: `_fluxmanage_staging_${name}`,
      });

      it('one claim per dataset: a second is a conflict naming the holder', async () => {
        await store.claim(entry('casa', 't1'));
        await store.claim(entry('kriged', 't2'));
        await assert.rejects(store.claim(entry('casa', 't3')), (error: unknown) => {
          assert.ok(error instanceof JournalConflictError);
          assert.equal(error.holder.token, 't1');
          return true;
        });
        assert.deepEqual(await store.readClaim('casa'), entry('casa', 't1'));
        assert.equal(await store.readClaim('cas'), null);
        assert.deepEqual((await store.listClaims()).map((claim) => claim._id).sort(), [
          'casa',
          'kriged',
        ]);
      });

      it('updates and takeovers name the run they mean', async () => {
        await store.claim(entry('casa', 't1'));
        await store.updateClaim('casa', 't1', { state: 'committing', times: [hour(3)] });
        assert.deepEqual(await store.readClaim('casa'), {
          ...entry('casa', 't1'),
          state: 'committing',
          times: [hour(3)],
        });
        await assert.rejects(
          store.updateClaim('casa', 'other', { state: 'writing' }),
          /taken over/,
        );
        assert.equal(await store.takeOver('other', entry('casa', 't2')), false);
        assert.equal(await store.takeOver('t1', entry('casa', 't2')), true);
        assert.equal((await store.readClaim('casa'))?.token, 't2');
        await assert.rejects(store.updateClaim('casa', 't1', { state: 'writing' }), /taken over/);
      });

      it('a release of the last entry leaves nothing of the journal behind', async () => {
        await store.claim(entry('casa', 't1'));
        await store.claim(entry('kriged', 't2'));
        assert.ok((await names()).includes(JOURNAL_COLLECTION));
        await store.release('casa', 'wrong-token');
        assert.equal((await store.listClaims()).length, 2, "another run's entry is kept");
        await store.release('casa', 't1');
        assert.ok((await names()).includes(JOURNAL_COLLECTION));
        await store.release('kriged', 't2');
        assert.deepEqual(await store.listClaims(), []);
        assert.deepEqual(await names(), []);
      });
    });
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
