/**
 * The quick audit (no scan of a dataset) and the dates of a dataset's metadata: on a server
 * that looks times up by index (MongoDB) and on one that has no such index (FerretDB v1),
 * with and without the statistics sketch a load keeps. Expected values are the fixture facts
 * of test/fixtures/flux/README.md (casagfed2004: 8 steps, 3 hours apart, from 2004-06-30).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { auditDatabase, repairFindings } from '#core/operations/audit.js';
import { FERRETDB_V1 as FERRETDB, loadCasa } from '#test/support/casa.js';

async function loaded(store: MemoryStore): Promise<MemoryStore> {
  await loadCasa(store, 'casa');
  return store;
}

const disagreeing = async (store: MemoryStore) => {
  const report = await auditDatabase(store);
  return report.findings.filter((finding) => finding.kind === 'disagreeing');
};

describe('the quick audit checks metadata dates without reading a dataset', () => {
  for (const [server, store] of [
    ['MongoDB', () => new MemoryStore()],
    ['FerretDB', () => new MemoryStore(FERRETDB)],
  ] as const) {
    it(`${server}: dates moved a year on are found`, async () => {
      const db = await loaded(store());
      const metadata = await db.readMetadata('casa');
      await db.writeMetadata({
        ...metadata!,
        dates: ['2005-06-30T00:00:00', '2005-06-30T21:00:00'],
      });
      const found = await disagreeing(db);
      assert.equal(found.length, 1);
      assert.match(found[0]!.message, /"casa" disagrees with its data/);
      assert.match(found[0]!.message, /2005-06-30T00:00:00/);
    });

    it(`${server}: Grid4D dates that describe 96 steps over 2 documents are found`, async () => {
      const db = await loaded(store());
      // Keep two of the eight steps: the first and the last, which the dates name.
      const times = [1, 2, 3, 4, 5, 6].map((k) => new Date(Date.UTC(2004, 5, 30, 3 * k)));
      await db.deleteTimes('casa', '_id', times);
      const metadata = await db.readMetadata('casa');
      await db.writeMetadata({
        ...metadata!,
        dates: ['2004-06-30T00:00:00', '2004-07-11T21:00:00'],
      });
      const found = await disagreeing(db);
      assert.equal(found.length, 1);
      assert.match(found[0]!.message, /describe 96 time steps but there are 2 documents/);
    });
  }

  it('FerretDB without a sketch: says which datasets it could not check, and --deep checks them', async () => {
    const db = await loaded(new MemoryStore(FERRETDB));
    await db.deleteStatsSketch('casa');
    const metadata = await db.readMetadata('casa');
    await db.writeMetadata({
      ...metadata!,
      dates: ['2005-06-30T00:00:00', '2005-06-30T21:00:00'],
    });
    const quick = await auditDatabase(db);
    assert.deepEqual(quick.datesUnchecked, ['casa']);
    assert.equal(quick.clean, true);
    const deep = await auditDatabase(db, { deep: true });
    assert.deepEqual(deep.datesUnchecked, []);
    assert.equal(deep.findings.filter((f) => f.kind === 'disagreeing').length, 1);
  });

  it('FerretDB: a repair keeps the sketch of what it read, so the dates stay checked after it', async () => {
    const db = await loaded(new MemoryStore(FERRETDB));
    await db.deleteStatsSketch('casa');
    await db.deleteMetadata('casa');
    const lost = (await auditDatabase(db)).findings;
    assert.deepEqual(
      lost.map((finding) => finding.kind),
      ['missing-metadata'],
    );
    await repairFindings(db, lost);
    const after = await auditDatabase(db);
    assert.deepEqual(after.findings, []);
    assert.deepEqual(after.datesUnchecked, []);
    // Dates moved a year on after the repair are found by the quick audit.
    const metadata = await db.readMetadata('casa');
    await db.writeMetadata({ ...metadata!, dates: ['2005-06-30T00:00:00', '2005-06-30T21:00:00'] });
    assert.equal((await disagreeing(db)).length, 1);
  });

  it('a clean dataset: no finding, nothing unchecked (its sketch vouches for its dates)', async () => {
    const report = await auditDatabase(await loaded(new MemoryStore(FERRETDB)));
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.datesUnchecked, []);
  });
});
