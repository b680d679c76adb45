/**
 * The audit says what each repair will do (`finding.repair`, which the UI's question and
 * `db -a` show), and the repair then does that: each plan is checked against what the repair
 * reports having done. Counts are the fixture facts of test/fixtures/flux/README.md
 * (casagfed2004: 8 time steps, one document each).
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { auditDatabase, repairFindings, type Finding } from '#core/operations/audit.js';
import { executeLoad, SimulatedStop } from '#core/operations/load/execute.js';
import { planFromFile } from '#core/operations/load/plan.js';
import { renameDataset } from '#core/operations/rename.js';
import { loadCasa as load } from '#test/support/casa.js';
import { FIXTURES } from '#test/support/fixtures.js';

const casa = `${FIXTURES}casagfed2004.mat`;
const request = (name: string, timestamp: string) => ({
  path: casa,
  model: 'SpatioTemporalMatrix',
  name,
  overrides: `timestamp=${timestamp}`,
});

/** A load of this process stopped after `step`, as if killed there (its entry is left). */
async function stoppedLoad(store: MemoryStore, name: string, step: string, timestamp: string) {
  const plan = await planFromFile(request(name, timestamp), LOCAL_FILES);
  const onStep = (at: string) => {
    if (at === step) throw new SimulatedStop(at);
  };
  try {
    await assert.rejects(executeLoad(plan, store, { onStep }), SimulatedStop);
  } finally {
    await plan.file.close();
  }
}

/** The audit's one finding of this kind, and what repairing it reports. */
async function planAndRepair(store: MemoryStore, kind: Finding['kind']) {
  const { findings } = await auditDatabase(store);
  const found = findings.filter((finding) => finding.kind === kind);
  assert.equal(found.length, 1, JSON.stringify(findings));
  const [action] = await repairFindings(store, found);
  assert.equal(action?.done, true, action?.detail);
  return { planned: found[0]?.repair, done: action?.detail };
}

describe('the audit says what each repair will do, and the repair does it', () => {
  it('lost metadata: rebuilt from its 8 documents', async () => {
    const store = new MemoryStore();
    await load(store, 'casa');
    await store.deleteMetadata('casa');
    const { planned, done } = await planAndRepair(store, 'missing-metadata');
    assert.equal(
      planned,
      'rebuild the metadata of "casa" from its 8 documents, all but its title and units',
    );
    assert.equal(
      done,
      'rebuilt the metadata of "casa" from its 8 documents, all but its title and units',
    );
  });

  it('dates that disagree with the data: recomputed from its 8 documents', async () => {
    const store = new MemoryStore();
    await load(store, 'casa');
    const metadata = await store.readMetadata('casa');
    await store.writeMetadata({
      ...metadata!,
      dates: ['2005-06-30T00:00:00', '2005-06-30T21:00:00'],
    });
    const { planned, done } = await planAndRepair(store, 'disagreeing');
    assert.equal(planned, 'recompute the dates and statistics of "casa" from its 8 documents');
    assert.equal(done, 'recomputed the dates and statistics of "casa" from its 8 documents');
  });

  it('entries without a dataset: deleted; leftovers and geometry caches: dropped', async () => {
    const store = new MemoryStore();
    await store.writeCoordIndex('ghost', [[0.5, 0.5]]);
    let step = await planAndRepair(store, 'stale-coord-index');
    assert.equal(step.planned, 'delete the coord_index entry of "ghost", whose dataset is gone');
    assert.equal(step.done, 'deleted the coord_index entry of "ghost"');

    await store.insertDocuments('_fluxmanage_stage_feed', [{ _id: 1 }]);
    step = await planAndRepair(store, 'leftover');
    assert.equal(step.planned, 'drop the leftover collection "_fluxmanage_stage_feed"');
    assert.equal(step.done, 'dropped "_fluxmanage_stage_feed"');

    await store.insertDocuments('_geom_nobody', [{ _id: 1 }]);
    step = await planAndRepair(store, 'stale-geometry');
    assert.equal(step.planned, 'drop the geometry cache "_geom_nobody"');
    assert.equal(step.done, 'dropped "_geom_nobody"');
  });

  // An interrupted load of this process: its entry is left, and the process no longer runs it.
  const interrupted: Array<[string, string, RegExp]> = [
    [
      'claim',
      'clear the journal entry of the load of "x", which had not written anything yet',
      /^the load had not written anything yet$/,
    ],
    [
      'documents',
      'remove the partly loaded new dataset "x"',
      /^removed the partly loaded new dataset$/,
    ],
    [
      'committing',
      'finish the load of "x", which had written all its data: move it into place and write its metadata',
      /^all data had been written; moved it into place and wrote its metadata$/,
    ],
    [
      'metadata',
      'clear the journal entry of the load of "x", which had written everything',
      /^the load had finished; cleared its journal entry$/,
    ],
  ];
  for (const [step, plan, done] of interrupted) {
    it(`a new load stopped after "${step}": ${plan}`, async () => {
      const store = new MemoryStore();
      await stoppedLoad(store, 'x', step, '2004-06-30T00:00:00');
      const repaired = await planAndRepair(store, 'interrupted');
      assert.equal(repaired.planned, plan);
      assert.match(repaired.done ?? '', done);
      assert.deepEqual(await store.listClaims(), []);
    });
  }

  it('an append of 8 new times stopped after writing them: they are removed, and the metadata put back', async () => {
    const store = new MemoryStore();
    await load(store, 'casa');
    const before = await store.readMetadata('casa');
    await stoppedLoad(store, 'casa', 'documents', '2004-07-01T00:00:00');
    const repaired = await planAndRepair(store, 'interrupted');
    assert.equal(
      repaired.planned,
      'undo the append to "casa": remove the 8 times it added, and put its metadata back',
    );
    assert.equal(repaired.done, 'removed 8 appended documents');
    assert.deepEqual(await store.readMetadata('casa'), before);
    assert.equal(await store.recordCount('casa'), 8);
  });

  it('a rename stopped after moving the data: its two entries, one rename, finished once', async () => {
    const store = new MemoryStore();
    await load(store, 'casa');
    const onStep = (step: string) => {
      if (step === 'data') throw new SimulatedStop(step);
    };
    await assert.rejects(renameDataset(store, 'casa', 'casa2', { onStep }), SimulatedStop);
    const { findings } = await auditDatabase(store);
    assert.deepEqual(
      findings.map((finding) => [finding.dataset, finding.repair]),
      [
        ['casa', 'finish renaming "casa" to "casa2"'],
        ['casa2', 'finish renaming "casa" to "casa2" (the same rename as the entry of "casa")'],
      ],
    );
    const actions = await repairFindings(store, findings);
    assert.deepEqual(
      actions.map((action) => [action.done, action.detail]),
      [
        [true, 'finished renaming "casa" to "casa2"'],
        [true, 'cleared the journal entry of an already finished rename to "casa2"'],
      ],
    );
    assert.equal((await store.readMetadata('casa2'))?.title, 'Surface Carbon Flux');
    assert.deepEqual(await store.listClaims(), []);
  });

  it('a removal whose process died: finished', async () => {
    const store = new MemoryStore();
    await load(store, 'casa');
    await store.claim({
      _id: 'casa',
      op: 'remove',
      token: 'gone',
      state: 'committing',
      pid: 2 ** 22 + 23, // above Linux's pid_max: no process has it
      host: os.hostname(),
      startedAt: new Date(),
      heartbeat: new Date(),
    });
    const repaired = await planAndRepair(store, 'interrupted');
    assert.equal(
      repaired.planned,
      'finish removing "casa": drop what is left of its data, metadata, coord_index, statistics and geometry cache',
    );
    assert.equal(repaired.done, 'finished removing "casa"');
    assert.equal(await store.collectionExists('casa'), false);
  });

  it('a finding it cannot repair has no plan, only its advice', async () => {
    const store = new MemoryStore();
    await load(store, 'casa');
    await store.deleteMetadata('casa');
    await store.deleteCoordIndex('casa');
    const { findings } = await auditDatabase(store);
    assert.deepEqual(
      findings.map(({ kind, fixable, repair, advice }) => ({ kind, fixable, repair, advice })),
      [
        {
          kind: 'missing-metadata',
          fixable: false,
          repair: undefined,
          advice: 'its grid is lost with its coord_index; reload the dataset',
        },
        {
          kind: 'missing-coord-index',
          fixable: false,
          repair: undefined,
          advice: 'its grid is lost with it; reload the dataset',
        },
      ],
    );
  });
});
