/**
 * A dataset that lost its metadata: the audit's tag (fixable, with advice) says what its
 * repair will do, so that the two agree, and the dataset list (the UI's metadata pane) says
 * the same as the audit (fixture facts: test/fixtures/flux/README.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { auditDatabase, repairFindings } from '#core/operations/audit.js';
import { datasetOverview } from '#core/operations/overview.js';
import { loadCasa as load } from '#test/support/casa.js';

async function casaWithoutMetadata(): Promise<MemoryStore> {
  const store = new MemoryStore();
  await load(store, 'casa');
  await store.deleteMetadata('casa');
  return store;
}

const missingMetadata = async (store: MemoryStore) => {
  const { findings } = await auditDatabase(store);
  return findings.find((finding) => finding.kind === 'missing-metadata');
};

/** What the dataset list says of casa's lost metadata. */
const listed = async (store: MemoryStore) =>
  (await datasetOverview(store)).rows.find((row) => row.name === 'casa')?.lostMetadata;

describe('the audit says whether lost metadata can be rebuilt, and the repair agrees', () => {
  it('with its coord_index: repairable, and repaired', async () => {
    const store = await casaWithoutMetadata();
    const finding = await missingMetadata(store);
    assert.equal(finding?.fixable, true);
    const repair =
      'rebuild the metadata of "casa" from its 8 documents, all but its title and units';
    assert.equal(finding?.repair, repair);
    assert.deepEqual(await listed(store), { fixable: true, repair });
    const [action] = await repairFindings(store, [finding!]);
    assert.equal(action?.done, true);
    assert.deepEqual((await store.readMetadata('casa'))?.dates, [
      '2004-06-30T00:00:00',
      '2004-06-30T21:00:00',
    ]);
  });

  it('without its coord_index: not repairable, saying why; the repair leaves it alone', async () => {
    const store = await casaWithoutMetadata();
    await store.deleteCoordIndex('casa');
    const finding = await missingMetadata(store);
    assert.equal(finding?.fixable, false);
    assert.match(finding?.advice ?? '', /grid is lost/);
    assert.deepEqual(await listed(store), {
      fixable: false,
      advice: 'its grid is lost with its coord_index; reload the dataset',
    });
    const [action] = await repairFindings(store, [finding!]);
    assert.equal(action?.done, false);
    assert.match(action?.detail ?? '', /cannot repair: its grid is lost/);
    assert.equal(await store.readMetadata('casa'), null);
  });

  it('with no documents at all: not repairable', async () => {
    const store = await casaWithoutMetadata();
    await store.deleteTimes(
      'casa',
      '_id',
      Array.from({ length: 8 }, (_, k) => new Date(Date.UTC(2004, 5, 30, 3 * k))),
    );
    const finding = await missingMetadata(store);
    assert.equal(finding?.fixable, false);
    assert.match(finding?.advice ?? '', /no documents/);
    assert.deepEqual(await listed(store), { fixable: false, advice: finding?.advice });
  });

  it('a dataset with its metadata: the list says nothing of the kind', async () => {
    const store = await casaWithoutMetadata();
    await load(store, 'other');
    const rows = (await datasetOverview(store)).rows;
    assert.deepEqual(
      rows.map((row) => [row.name, row.lostMetadata?.fixable]),
      [
        ['casa', true],
        ['other', undefined],
      ],
    );
  });
});
