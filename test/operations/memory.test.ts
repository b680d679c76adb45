import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { COORD_INDEX, METADATA, SUMMARY_STATS } from '#core/names.js';
import { auditDatabase, repairDatabase } from '#core/operations/audit.js';
import { executeLoad, SimulatedStop } from '#core/operations/load/execute.js';
import { runLoad } from '#core/operations/load/index.js';
import { planFromFile } from '#core/operations/load/plan.js';
import { listDatasets } from '#core/operations/listDatasets.js';
import { removeDataset } from '#core/operations/remove.js';
import { renameDataset } from '#core/operations/rename.js';
import { FIXTURES } from '#test/support/fixtures.js';

/**
 * The operations end to end on the in-memory store: the fast tier's check of load, append,
 * audit, repair, rename, remove and recovery (the same operations run against the real server
 * in test/load, test/manage and test/reliability). Expected values are the fixture facts of
 * test/fixtures/flux/README.md.
 */
const casa = `${FIXTURES}casagfed2004.mat`;
const load = (store: MemoryStore, name: string, timestamp: string) =>
  runLoad(
    { path: casa, model: 'SpatioTemporalMatrix', name, overrides: `timestamp=${timestamp}` },
    store,
    LOCAL_FILES,
  );
const records = async (store: MemoryStore) =>
  (await listDatasets(store, { counts: true })).map(({ name, records }) => [name, records]);

describe('operations on the in-memory store', () => {
  it('load: the fixture facts of casagfed2004', async () => {
    const store = new MemoryStore();
    const [result] = await load(store, 'casa', '2004-06-30T00:00:00');
    assert.equal(result?.written.documents, 8);
    const metadata = await store.readMetadata('casa');
    assert.deepEqual(metadata?.bbox, [-166.5, 10.5, -50.5, 69.5]);
    assert.equal(metadata?.bboxmd5, '6f3e33c145010bc74c5ccd3ba772f504');
    assert.deepEqual(metadata?.dates, ['2004-06-30T00:00:00', '2004-06-30T21:00:00']);
    assert.deepEqual(metadata?.steps, [10800]);
    assert.equal(metadata?.gridded, true);
    const coordinates = await store.readCoordIndex('casa');
    assert.equal(coordinates?.length, 2635);
    assert.deepEqual(coordinates?.[1], [-165.5, 61.5]);
    const [first] = await store.documentsAt('casa', '_id', new Date('2004-06-30T00:00:00Z'));
    assert.equal((first?.values as number[]).length, 2635);
    assert.equal((first?.values as number[])[0], 0.08);
    assert.deepEqual(await records(store), [['casa', 8]]);
    // At rest: the dataset and its entries, nothing of flux-manage's own.
    assert.deepEqual((await store.collectionNames()).sort(), [
      'casa',
      COORD_INDEX,
      METADATA,
      SUMMARY_STATS,
    ]);
  });

  it('append, audit, rename, remove', async () => {
    const store = new MemoryStore();
    await load(store, 'casa', '2004-06-30T00:00:00');
    const [appended] = await load(store, 'casa', '2004-07-01T00:00:00');
    assert.equal(appended?.written.documents, 8);
    assert.deepEqual((await store.readMetadata('casa'))?.dates, [
      '2004-06-30T00:00:00',
      '2004-07-01T21:00:00',
    ]);
    // The same steps again are refused, naming a time, and change nothing.
    await assert.rejects(load(store, 'casa', '2004-07-01T00:00:00'), /2004-07-01/);
    assert.deepEqual(await records(store), [['casa', 16]]);
    assert.equal((await auditDatabase(store)).clean, true);

    await renameDataset(store, 'casa', 'casa_2004');
    assert.deepEqual(await records(store), [['casa_2004', 16]]);
    assert.equal(await store.readMetadata('casa'), null);
    assert.equal((await store.readCoordIndex('casa_2004'))?.length, 2635);
    assert.equal((await auditDatabase(store)).clean, true);

    await removeDataset(store, 'casa_2004');
    assert.deepEqual(await records(store), []);
    assert.deepEqual(await store.listMetadataIds(), []);
    assert.deepEqual(await store.listCoordIndexIds(), []);
    assert.equal((await auditDatabase(store)).clean, true);
  });

  it('an interrupted load is found by the audit and undone by the repair', async () => {
    const store = new MemoryStore();
    const plan = await planFromFile(
      {
        path: casa,
        model: 'SpatioTemporalMatrix',
        name: 'stopped',
        overrides: 'timestamp=2004-06-30T00:00:00',
      },
      LOCAL_FILES,
    );
    const stop = (step: string) => {
      if (step === 'documents') throw new SimulatedStop(step);
    };
    await assert.rejects(executeLoad(plan, store, { onStep: stop }), SimulatedStop);
    await plan.file.close();
    // The run that held it is dead: a process that does not exist.
    const [claim] = await store.listClaims();
    assert.ok(claim);
    await store.updateClaim('stopped', claim.token, { pid: 2 ** 22 + 9 });

    const audit = await auditDatabase(store);
    assert.deepEqual(
      audit.findings.map((finding) => [finding.kind, finding.dataset]),
      [['interrupted', 'stopped']],
    );
    const { after } = await repairDatabase(store);
    assert.equal(after.clean, true);
    assert.deepEqual(await records(store), []);
    assert.deepEqual(await store.listClaims(), []);
    assert.equal(await store.readCoordIndex('stopped'), null);
    assert.ok(!(await store.collectionNames()).some((name) => name.startsWith('_fluxmanage_')));
  });

  it('observations and kriged grids: the fixture facts', async () => {
    const store = new MemoryStore();
    await runLoad(
      {
        path: `${FIXTURES}xco2.mat`,
        model: 'XCO2Matrix',
        name: 'xco2',
        overrides: 'timestamp=2009-06-15T00:00:00',
      },
      store,
      LOCAL_FILES,
    );
    assert.deepEqual(await records(store), [['xco2', 1311]]);
    const observations = await store.documentsAt(
      'xco2',
      'timestamp',
      new Date('2009-06-16T00:00:00Z'),
    );
    assert.ok(
      observations.some(
        (observation) => (observation.properties as { value: number }).value === 386.79,
      ),
    );

    await runLoad(
      {
        path: `${FIXTURES}kriged_xco2.mat`,
        model: 'KrigedXCO2Matrix',
        name: 'kriged',
        overrides: 'timestamp=2009-06-15T00:00:00',
      },
      store,
      LOCAL_FILES,
    );
    const [grid] = await store.documentsAt('kriged', '_id', new Date('2009-06-15T00:00:00Z'));
    assert.equal(grid?._span, 518400);
    assert.equal((grid?.values as number[]).length, 14210);
    assert.deepEqual(Object.keys((await store.readMetadata('kriged'))?.stats ?? {}).sort(), [
      'errors',
      'values',
    ]);
  });
});
