import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { JOURNAL_COLLECTION } from '#core/journal.js';
import { executeLoad, SimulatedStop } from '#core/operations/load/execute.js';
import { planFromFile, type LoadRequest } from '#core/operations/load/plan.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';

const server = useTestDatabase('interrupted');
const temp = useTempDir('interrupted');
const files = LOCAL_FILES;

async function grid(name: string, steps: number, base: number): Promise<string> {
  const values = [1.5, 2.5, 3.5, -4.5, -5.5, -6.5];
  for (let k = 0; k < steps; k++) values.push(base + k, base + k + 0.25, Number.NaN);
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 2 + steps], values }], {
      compress: true,
    }),
  );
  return file;
}

async function run(request: LoadRequest, stopAfter?: string) {
  const plan = await planFromFile(request, files);
  try {
    const onStep = (step: string) => {
      if (step === stopAfter) throw new SimulatedStop(step);
    };
    return await executeLoad(plan, new MongoStore(server.db), { onStep });
  } finally {
    await plan.file.close();
  }
}

/** What a dataset is, without names that differ between two loads of the same data. */
async function contents(name: string) {
  const documents = await server.db.collection(name).find({}).sort({ _id: 1 }).toArray();
  const metadata = await server.db
    .collection<{ _id: string; [key: string]: unknown }>('metadata')
    .findOne({ _id: name });
  const coordinates = await server.db
    .collection<{ _id: string }>('coord_index')
    .findOne({ _id: name });
  return {
    documents,
    metadata: metadata && { ...metadata, _id: 'x' },
    coordinates: coordinates && { ...coordinates, _id: 'x' },
  };
}

/** The run died: its process is gone (a pid above Linux's pid_max belongs to nobody). */
async function declareDead(name: string): Promise<void> {
  await server.db
    .collection<{ _id: string }>(JOURNAL_COLLECTION)
    .updateOne({ _id: name }, { $set: { pid: 2 ** 22 + 7 } });
}

describe('a load stopped at each step', () => {
  for (const step of ['claim', 'journal', 'documents', 'coord_index', 'committing', 'rename']) {
    it(`new dataset, stopped after "${step}": nothing looks complete, and re-running stores what one clean run stores`, async () => {
      const file = await grid(`new-${step}.mat`, 3, 10);
      const name = `new_${step}`;
      const request = {
        path: file,
        model: 'SpatioTemporalMatrix',
        name,
        overrides: 'timestamp=2004-06-30T00:00:00',
      };
      await assert.rejects(run(request, step), SimulatedStop);
      assert.equal(
        await server.db.collection('metadata').countDocuments({ _id: name as never }),
        0,
        'no metadata: nothing presents it as complete',
      );
      assert.equal(
        await server.db.collection(JOURNAL_COLLECTION).countDocuments({ _id: name as never }),
        1,
        'the journal says what was going on',
      );

      await declareDead(name);
      const rerun = await run(request);
      assert.equal(rerun.mode, 'new');
      await run({ ...request, name: `clean_${step}` });
      assert.deepEqual(await contents(name), await contents(`clean_${step}`));
      assert.equal(await server.db.collection(JOURNAL_COLLECTION).countDocuments({}), 0);
      const leftovers = (await server.db.listCollections().toArray()).filter((c) =>
        c.name.startsWith('_fluxmanage_stage'),
      );
      assert.deepEqual(leftovers, []);
    });
  }

  for (const step of ['journal', 'backup', 'replaced', 'documents', 'committing']) {
    it(`append with --replace, stopped after "${step}": re-running gives the same dataset as one clean append`, async () => {
      const first = await grid(`a-${step}.mat`, 2, 10);
      const second = await grid(`b-${step}.mat`, 2, 70); // 03:00 replaces, 06:00 is new
      const name = `append_${step}`;
      const clean = `append_clean_${step}`;
      for (const target of [name, clean]) {
        await run({
          path: first,
          model: 'SpatioTemporalMatrix',
          name: target,
          overrides: 'timestamp=2004-06-30T00:00:00',
        });
      }
      const append = (target: string): LoadRequest => ({
        path: second,
        model: 'SpatioTemporalMatrix',
        name: target,
        overrides: 'timestamp=2004-06-30T03:00:00',
        existing: 'replace',
      });
      await assert.rejects(run(append(name), step), SimulatedStop);
      await declareDead(name);
      const rerun = await run(append(name));
      assert.equal(rerun.mode, 'append');
      assert.ok(rerun.recovered, 'the interrupted append was undone first');
      await run(append(clean));
      assert.deepEqual(await contents(name), await contents(clean));
      const backups = (await server.db.listCollections().toArray()).filter((c) =>
        c.name.startsWith('_fluxmanage_backup'),
      );
      assert.deepEqual(backups, []);
    });
  }

  it('a live run holds its dataset: a second load into the same name is refused clearly', async () => {
    const file = await grid('busy.mat', 1, 1);
    const request = {
      path: file,
      model: 'SpatioTemporalMatrix',
      name: 'busy',
      overrides: 'timestamp=2004-06-30T00:00:00',
    };
    await assert.rejects(run(request, 'journal'), SimulatedStop);
    // Its run goes on in another live process on this host (the test runner stands for it):
    // a run of this process that stopped is no longer alive, whatever its heartbeat says.
    await server.db
      .collection<{ _id: string }>(JOURNAL_COLLECTION)
      .updateOne({ _id: 'busy' }, { $set: { pid: process.ppid } });
    await assert.rejects(
      run(request),
      /dataset "busy" is busy: a load by pid \d+ on .*; wait for it to finish/,
    );
  });
});
