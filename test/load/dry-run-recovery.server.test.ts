import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import { describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { JOURNAL_COLLECTION, JournalConflictError } from '#core/journal.js';
import { executeLoad, SimulatedStop } from '#core/operations/load/execute.js';
import { STATISTICS_AT_LOAD_TIME } from '#core/operations/load/summarize.js';
import { planFromFile, type LoadRequest } from '#core/operations/load/plan.js';
import { reviewLoad } from '#core/operations/load/review.js';
import { gridLoad, runFluxManage } from '#test/support/cli.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { useTestDatabase } from '#test/support/server.js';
import { snapshotDatabase } from '#test/support/snapshot.js';
import { useTempDir } from '#test/support/tempDir.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { statsOf } from '#core/metadata.js';

const server = useTestDatabase('dryrecovery');
const temp = useTempDir('dryrecovery');
const files = LOCAL_FILES;
const DEAD_PID = 2 ** 22 + 13; // above Linux's pid_max: no process has it

/** A 3-cell SpatioTemporalMatrix; step k holds base + k + cell/10. */
async function grid(name: string, steps: number, base: number): Promise<string> {
  const values = [10.5, 11.5, 12.5, 40.5, 40.5, 41.5];
  for (let k = 0; k < steps; k++) values.push(base + k, base + k + 0.1, base + k + 0.2);
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 2 + steps], values }]),
  );
  return file;
}

async function run(request: LoadRequest, options: { stopAfter?: string; dryRun?: boolean } = {}) {
  const plan = await planFromFile(request, files);
  try {
    const onStep = (step: string) => {
      if (step === options.stopAfter) throw new SimulatedStop(step);
    };
    return await executeLoad(plan, new MongoStore(server.db), {
      onStep,
      dryRun: options.dryRun === true,
    });
  } finally {
    await plan.file.close();
  }
}

/** The run died: its process is gone. Returns the words the notice uses for that run. */
async function declareDead(name: string): Promise<string> {
  const journal = server.db.collection<{ _id: string; startedAt: Date }>(JOURNAL_COLLECTION);
  await journal.updateOne({ _id: name }, { $set: { pid: DEAD_PID } });
  const entry = await journal.findOne({ _id: name });
  assert.ok(entry, 'the interrupted run left its journal entry');
  const started = `${entry.startedAt.toISOString().slice(0, 19)}Z`;
  return `(pid ${DEAD_PID} on ${os.hostname()}, started ${started})`;
}

const withoutStats = ({ stats: _stats, ...metadata }: Record<string, unknown>) => metadata;

const newLoad = (file: string, name: string): LoadRequest => ({
  path: file,
  model: 'SpatioTemporalMatrix',
  name,
  overrides: 'timestamp=2004-06-30T00:00:00',
});

describe('a dry run after an interrupted earlier load answers what the real run will do', () => {
  for (const step of ['journal', 'documents', 'rename']) {
    it(`new dataset, earlier run stopped after "${step}": the dry run plans a new dataset and writes nothing`, async () => {
      const file = await grid(`new-${step}.mat`, 3, 10);
      const name = `dry_new_${step}`;
      await assert.rejects(run(newLoad(file, name), { stopAfter: step }), SimulatedStop);
      const who = await declareDead(name);
      const notice = `An earlier load of "${name}" ${who} was interrupted; its leftover will be undone before this load starts.`;

      const before = await snapshotDatabase(server.db);
      const dry = await run(newLoad(file, name), { dryRun: true });
      const review = await reviewLoad(newLoad(file, name), new MongoStore(server.db), files);
      const cli = await runFluxManage(gridLoad(file, name, ['--dry-run']), { env: server.env });
      assert.deepEqual(await snapshotDatabase(server.db), before, 'the dry runs wrote nothing');

      assert.equal(dry.mode, 'new');
      assert.equal(dry.documents, 3, 'one document per time step of the file');
      assert.deepEqual(dry.metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T06:00:00']);
      assert.equal(dry.pendingRecovery, notice);
      assert.equal(review.pendingRecovery, notice);
      assert.equal(review.mode, 'new');
      assert.equal(review.documents, 3);
      assert.equal(cli.code, 0, cli.stderr);
      assert.equal(cli.stdout.split('\n')[0], notice);
      assert.match(cli.stdout, /^Dry run of .*: 3 documents \(9 values\) would go into the new/m);

      const real = await run(newLoad(file, name));
      assert.equal(real.mode, 'new');
      assert.ok(real.recovered, 'the real run undid the leftover first');
      assert.equal(real.pendingRecovery, null);
      assert.equal(real.written.documents, dry.documents);
      assert.equal(real.written.values, dry.values);
      assert.deepEqual(real.metadata, dry.metadata);
    });
  }

  it('new dataset, earlier run of this very load stopped after writing everything: nothing is left to load', async () => {
    const file = await grid('finished.mat', 2, 5);
    const name = 'dry_finished';
    await assert.rejects(run(newLoad(file, name), { stopAfter: 'metadata' }), SimulatedStop);
    const who = await declareDead(name);
    const before = await snapshotDatabase(server.db);
    const dry = await run(newLoad(file, name), { dryRun: true });
    assert.deepEqual(await snapshotDatabase(server.db), before);
    assert.equal(
      dry.pendingRecovery,
      `An earlier load of "${name}" ${who} was interrupted after writing everything this load writes; nothing is left to load.`,
    );
    assert.equal(dry.documents, 0);
    const real = await run(newLoad(file, name));
    assert.equal(real.written.documents, 0, 'the real run, too, has nothing to write');
    assert.equal(real.recovered?.complete, true);
  });

  const append = (file: string, name: string, existing: LoadRequest['existing']): LoadRequest => ({
    path: file,
    model: 'SpatioTemporalMatrix',
    name,
    overrides: 'timestamp=2004-06-30T03:00:00',
    existing,
  });

  for (const [step, existing] of [
    ['replaced', 'replace'],
    ['documents', 'replace'],
  ] as const) {
    it(`append (${existing}), earlier run stopped after "${step}": the dry run plans against the dataset as it was before`, async () => {
      const first = await grid(`first-${step}-${existing}.mat`, 2, 1); // 00:00, 03:00
      const second = await grid(`second-${step}-${existing}.mat`, 2, 70); // 03:00, 06:00
      const name = `dry_append_${step}_${existing}`;
      await run(newLoad(first, name));
      const request = append(second, name, existing);
      await assert.rejects(run(request, { stopAfter: step }), SimulatedStop);
      const who = await declareDead(name);
      const notice = `An earlier append to "${name}" ${who} was interrupted; its leftover will be undone before this load starts.`;

      const before = await snapshotDatabase(server.db);
      const dry = await run(request, { dryRun: true });
      const review = await reviewLoad(request, new MongoStore(server.db), files);
      assert.deepEqual(await snapshotDatabase(server.db), before, 'the dry runs wrote nothing');

      assert.equal(dry.pendingRecovery, notice);
      assert.equal(review.pendingRecovery, notice);
      assert.equal(dry.mode, 'append');
      assert.equal(dry.documents, 2, 'the two time steps of the second file');
      // 00:00 and 03:00 stored, 03:00 and 06:00 loaded: the dataset then spans 00:00 to 06:00.
      assert.deepEqual(dry.metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T06:00:00']);
      assert.deepEqual(dry.replaced, existing === 'replace' ? ['2004-06-30T03:00:00.000Z'] : []);
      // An append's statistics need the stored data: the dry run does not read it.
      assert.equal(dry.metadata.stats, STATISTICS_AT_LOAD_TIME);

      const real = await run(request);
      assert.equal(real.mode, 'append');
      assert.ok(real.recovered, 'the real run undid the interrupted append first');
      assert.equal(real.written.documents, dry.documents);
      assert.deepEqual(real.replaced, dry.replaced);
      assert.deepEqual(withoutStats(real.metadata), withoutStats(dry.metadata));
      if (existing === 'replace') {
        // The stored 00:00 (1, 1.1, 1.2) and the loaded 03:00, 06:00 (70.., 71..).
        const stats = statsOf(real.metadata);
        assert.equal(stats.values?.min, 1);
        assert.equal(stats.values?.max, 71.2);
      }
    });
  }

  it('plain append, earlier run stopped after "documents": the times it added are no conflict', async () => {
    // Without the undo, 06:00 (written by the interrupted append) would be "already there".
    const first = await grid('c-first.mat', 2, 1); // 00:00, 03:00
    const second = await grid('c-second.mat', 1, 70); // 06:00
    const name = 'dry_append_plain';
    await run(newLoad(first, name));
    const request: LoadRequest = {
      ...append(second, name, 'error'),
      overrides: 'timestamp=2004-06-30T06:00:00',
    };
    await assert.rejects(run(request, { stopAfter: 'documents' }), SimulatedStop);
    await declareDead(name);
    const before = await snapshotDatabase(server.db);
    const dry = await run(request, { dryRun: true });
    assert.deepEqual(await snapshotDatabase(server.db), before);
    assert.equal(dry.mode, 'append');
    assert.equal(dry.documents, 1);
    assert.deepEqual(dry.metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T06:00:00']);
    assert.equal(dry.metadata.stats, STATISTICS_AT_LOAD_TIME);
    const real = await run(request);
    assert.equal(real.written.documents, 1);
    assert.deepEqual(withoutStats(real.metadata), withoutStats(dry.metadata));
    const stats = statsOf(real.metadata);
    assert.equal(stats.values?.min, 1, 'the stored 00:00 step');
    assert.equal(stats.values?.max, 70.2, 'the loaded 06:00 step');
  });

  it('a live run holds the dataset: the dry run is refused as the real run is', async () => {
    const file = await grid('live.mat', 1, 1);
    const name = 'dry_live';
    await assert.rejects(run(newLoad(file, name), { stopAfter: 'journal' }), SimulatedStop);
    // Its run goes on in another live process on this host (the test runner stands for it).
    await server.db
      .collection<{ _id: string }>(JOURNAL_COLLECTION)
      .updateOne({ _id: name }, { $set: { pid: process.ppid } });
    const real = await run(newLoad(file, name)).catch((error: unknown) => error);
    const dry = await run(newLoad(file, name), { dryRun: true }).catch((error: unknown) => error);
    assert.ok(dry instanceof JournalConflictError, String(dry));
    assert.ok(real instanceof JournalConflictError, String(real));
    assert.equal(dry.message, real.message);
    assert.match(dry.message, /^dataset "dry_live" is busy: a load by pid \d+ on /);
  });
});
