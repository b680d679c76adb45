import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { JOURNAL_COLLECTION } from '#core/journal.js';
import { renameDataset, RenameStopped, RENAME_STEPS } from '#core/operations/rename.js';
import { runFluxManage } from '#test/support/cli.js';
import { loadSmallDataset, loadSmallObservations } from '#test/support/datasets.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { storedPairs } from '#test/support/coordIndex.js';

const server = useTestDatabase('audit');
const temp = useTempDir('audit');
const cli = (...args: string[]) => runFluxManage(args, { env: server.env });
const DEAD_PID = 2 ** 22 + 11; // above Linux's pid_max: no process has it

interface Finding {
  kind: string;
  dataset: string;
  message: string;
  fixable: boolean;
}

async function findings(): Promise<Finding[]> {
  const result = await cli('db', '-a', '--json');
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

async function fixAndExpectClean(): Promise<string> {
  const fixed = await cli('db', '-a', '--fix');
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.deepEqual(await findings(), []);
  return fixed.stdout;
}

const metadata = (name: string) =>
  server.db.collection<{ _id: string; [key: string]: unknown }>('metadata').findOne({ _id: name });

describe('db -a finds each kind of inconsistency, and --fix repairs it', () => {
  it('a dataset without metadata: the original words; rebuilt from its data', async () => {
    await loadSmallDataset(server, temp.path, 'lost', 4);
    const original = await metadata('lost');
    await server.db.collection('metadata').deleteOne({ _id: 'lost' as never });
    const human = await cli('db', '-a');
    // What --fix will do, from the record count (4 time steps loaded).
    const repair =
      'rebuild the metadata of "lost" from its 4 documents, all but its title and units';
    assert.match(
      human.stdout,
      /^INCONSISTENCY FOUND: missing metadata entry for collection ID "lost"\n {2}\(--fix will rebuild the metadata of "lost" from its 4 documents, all but its title and units\)$/m,
    );
    assert.match(human.stdout, /Database audit complete\./);
    assert.doesNotMatch(human.stdout, /No inconsistencies found!/);
    assert.deepEqual(await findings(), [
      {
        kind: 'missing-metadata',
        dataset: 'lost',
        message: 'missing metadata entry for collection ID "lost"',
        fixable: true,
        repair,
      },
    ]);
    await fixAndExpectClean();
    const rebuilt = await metadata('lost');
    for (const key of ['dates', 'steps', 'bbox', 'bboxmd5', 'stats', 'gridded']) {
      assert.deepEqual(rebuilt?.[key], original?.[key], key);
    }
    await cli('remove', '-n', 'lost');
  });

  it('stale metadata and coord_index entries: the original words; deleted', async () => {
    await server.db.collection('metadata').insertOne({ _id: 'ghost', title: 'gone' } as never);
    await server.db.collection('coord_index').insertOne({ _id: 'ghost', i: [] } as never);
    const human = await cli('db', '-a');
    assert.match(
      human.stdout,
      /^INCONSISTENCY FOUND: stale entry for collection ID "ghost" in metadata$/m,
    );
    assert.match(
      human.stdout,
      /^INCONSISTENCY FOUND: stale entry for collection ID "ghost" in coord_index$/m,
    );
    await fixAndExpectClean();
    assert.equal(await metadata('ghost'), null);
  });

  it('a gridded dataset without coord_index: reported as not repairable (reload it)', async () => {
    await loadSmallDataset(server, temp.path, 'gridless', 2);
    await server.db.collection('coord_index').deleteOne({ _id: 'gridless' as never });
    const found = await findings();
    assert.deepEqual(found, [
      {
        kind: 'missing-coord-index',
        dataset: 'gridless',
        message: 'missing coord_index entry for collection ID "gridless"',
        fixable: false,
        advice: 'its grid is lost with it; reload the dataset',
      },
    ]);
    const human = await cli('db', '-a');
    assert.match(
      human.stdout,
      /^INCONSISTENCY FOUND: missing coord_index entry for collection ID "gridless"\n {2}\(--fix cannot repair this: its grid is lost with it; reload the dataset\)$/m,
    );
    const fixed = await cli('db', '-a', '--fix');
    assert.equal(fixed.code, 1);
    assert.match(
      fixed.stdout,
      /NOT FIXED: cannot repair: its grid is lost with it; reload the dataset/,
    );
    await cli('remove', '-n', 'gridless');
    assert.deepEqual(await findings(), []);
  });

  it('an unstructured dataset without coord_index: rebuilt from its observations', async () => {
    await loadSmallObservations(server, temp.path, 'points');
    const original = await server.db
      .collection<{ _id: string; i: unknown }>('coord_index')
      .findOne({ _id: 'points' });
    await server.db.collection('coord_index').deleteOne({ _id: 'points' as never });
    assert.equal((await findings())[0]?.kind, 'missing-coord-index');
    await fixAndExpectClean();
    const rebuilt = await server.db
      .collection<{ _id: string; i: unknown }>('coord_index')
      .findOne({ _id: 'points' });
    assert.deepEqual(
      new Set(storedPairs(rebuilt?.i).map((pair) => JSON.stringify(pair))),
      new Set(storedPairs(original?.i).map((pair) => JSON.stringify(pair))),
    );
    await cli('remove', '-n', 'points');
  });

  it('leftover staging collections and stale geometry caches: dropped', async () => {
    await server.db.collection('_fluxmanage_stage_deadbeef').insertOne({ a: 1 });
    await server.db.collection('_geom_nobody').insertOne({ a: 1 });
    const kinds = (await findings()).map((finding) => finding.kind).sort();
    assert.deepEqual(kinds, ['leftover', 'stale-geometry']);
    await fixAndExpectClean();
    const names = (await server.db.listCollections().toArray()).map((c) => c.name);
    assert.ok(!names.includes('_fluxmanage_stage_deadbeef') && !names.includes('_geom_nobody'));
  });

  it('metadata that disagrees with the data (dates, record count): recomputed', async () => {
    await loadSmallDataset(server, temp.path, 'drifted', 4);
    const original = await metadata('drifted');
    await server.db
      .collection('metadata')
      .updateOne(
        { _id: 'drifted' as never },
        { $set: { dates: ['2004-06-30T00:00:00', '2004-06-30T06:00:00'] } },
      );
    let found = await findings();
    assert.equal(found.length, 1);
    assert.equal(found[0]?.kind, 'disagreeing');
    assert.match(
      found[0]?.message ?? '',
      /its dates describe 3 time steps but there are 4 documents/,
    );
    await fixAndExpectClean();
    assert.deepEqual((await metadata('drifted'))?.dates, original?.dates);

    await server.db
      .collection('drifted')
      .deleteOne({ _id: new Date('2004-06-30T09:00:00Z') as never });
    found = await findings();
    assert.match(found[0]?.message ?? '', /describe 4 time steps but there are 3 documents/);
    await fixAndExpectClean();
    assert.deepEqual((await metadata('drifted'))?.dates, [
      '2004-06-30T00:00:00',
      '2004-06-30T06:00:00',
    ]);
    await cli('remove', '-n', 'drifted');
  });

  it('an interrupted load (its process is gone): rolled back, its name free again', async () => {
    await server.db
      .collection('_fluxmanage_stage_cafe')
      .insertOne({ _id: new Date(), values: [1] } as never);
    await server.db.collection(JOURNAL_COLLECTION).insertOne({
      _id: 'halfway',
      op: 'load',
      token: 'cafe',
      state: 'writing',
      pid: DEAD_PID,
      host: (await import('node:os')).hostname(),
      startedAt: new Date(),
      heartbeat: new Date(),
      staging: '_fluxmanage_stage_cafe',
    } as never);
    const listed = await cli('db', '-l', 'collections');
    assert.doesNotMatch(listed.stdout, /halfway/);
    const found = await findings();
    assert.equal(found[0]?.kind, 'interrupted');
    assert.match(
      found[0]?.message ?? '',
      /interrupted operation on collection ID "halfway": a load by pid \d+/,
    );
    const fixed = await fixAndExpectClean();
    assert.match(fixed, /FIXED: removed the partly loaded new dataset/);
  });

  for (const step of ['claim', ...RENAME_STEPS] as const) {
    it(`a rename stopped after "${step}": --fix finishes it with nothing lost`, async () => {
      const from = `ren_${step}`;
      const to = `renamed_${step}`;
      await loadSmallDataset(server, temp.path, from, 3);
      await server.db.collection(`_geom_${from}`).insertOne({ cached: step });
      const documents = await server.db.collection(from).find({}).sort({ _id: 1 }).toArray();
      const before = {
        metadata: await metadata(from),
        coordinates: await server.db
          .collection<{ _id: string }>('coord_index')
          .findOne({ _id: from }),
      };

      await assert.rejects(
        renameDataset(new MongoStore(server.db), from, to, {
          onStep: (done) => {
            if (done === step) throw new RenameStopped(done);
          },
        }),
        RenameStopped,
      );
      await server.db.collection(JOURNAL_COLLECTION).updateMany({}, { $set: { pid: DEAD_PID } });
      const found = await findings();
      assert.ok(
        found.length >= 1 && found.every((finding) => finding.kind === 'interrupted'),
        JSON.stringify(found),
      );
      await fixAndExpectClean();

      assert.deepEqual(
        await server.db.collection(to).find({}).sort({ _id: 1 }).toArray(),
        documents,
      );
      assert.deepEqual(await metadata(to), { ...before.metadata, _id: to });
      assert.deepEqual(
        await server.db.collection<{ _id: string }>('coord_index').findOne({ _id: to }),
        { ...before.coordinates, _id: to },
      );
      assert.equal(await metadata(from), null);
      const names = (await server.db.listCollections().toArray()).map((c) => c.name);
      assert.ok(
        !names.includes(from) && names.includes(`_geom_${to}`) && !names.includes(`_geom_${from}`),
      );
      await cli('remove', '-n', to);
    });
  }
});
