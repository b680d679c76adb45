import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { executeLoad, SimulatedStop } from '#core/operations/load/execute.js';
import { planFromFile } from '#core/operations/load/plan.js';
import { runFluxManage } from '#test/support/cli.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';

const server = useTestDatabase('atrest');
const temp = useTempDir('atrest');

/**
 * The collections the original tool (fluxpy's manage.py) takes for datasets: `db -l
 * collections` and `db -a` skip its reserved names, `system.indexes` and names containing
 * "_geom" (its `_list` and `_audit`), and call everything else a dataset.
 */
async function originalToolDatasets(): Promise<string[]> {
  const reserved = ['coord_index', 'metadata', 'summary_stats', 'system.indexes'];
  return (await server.db.listCollections({}, { nameOnly: true }).toArray())
    .map((info) => info.name)
    .filter((name) => !reserved.includes(name) && !name.includes('_geom'))
    .sort();
}

/** The original tool's `db -a`: a dataset without a metadata or coord_index entry. */
async function originalToolAudit(): Promise<string[]> {
  const problems: string[] = [];
  const datasets = await originalToolDatasets();
  for (const table of ['metadata', 'coord_index']) {
    const ids = (await server.db.collection(table).find({}).toArray()).map((d) => String(d._id));
    for (const name of datasets)
      if (!ids.includes(name)) problems.push(`missing ${table} entry for collection ID "${name}"`);
    for (const id of ids)
      if (!datasets.includes(id))
        problems.push(`stale entry for collection ID "${id}" in ${table}`);
  }
  return problems;
}

async function grid(name: string): Promise<string> {
  const values = [10.5, 11.5, 12.5, 40.5, 40.5, 41.5, 1, 2, 3, 4, 5, 6];
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 4], values }]),
  );
  return file;
}

describe('at rest, the database holds nothing the original tool takes for a dataset', () => {
  it('after loads, an append, a rename and a remove: only the datasets, and its audit is clean', async () => {
    const env = server.env;
    const load = (file: string, name: string, time: string) =>
      runFluxManage(
        ['load', '-p', file, '-m', 'SpatioTemporalMatrix', '-n', name, '-o', `timestamp=${time}`],
        { env },
      );
    assert.equal((await load(await grid('a.mat'), 'first', '2004-06-30T00:00:00')).code, 0);
    assert.equal((await load(await grid('b.mat'), 'first', '2004-06-30T06:00:00')).code, 0);
    assert.equal((await load(await grid('c.mat'), 'second', '2004-06-30T00:00:00')).code, 0);
    assert.equal((await runFluxManage(['rename', '-n', 'second', '-r', 'third'], { env })).code, 0);
    assert.equal((await load(await grid('d.mat'), 'gone', '2004-06-30T00:00:00')).code, 0);
    assert.equal((await runFluxManage(['remove', '-n', 'gone', '--yes'], { env })).code, 0);

    assert.deepEqual(await originalToolDatasets(), ['first', 'third']);
    assert.deepEqual(await originalToolAudit(), []);
  });

  it('an interrupted load leaves its journal (both audits point at it) until it is repaired', async () => {
    const files = LOCAL_FILES;
    const request = {
      path: await grid('stopped.mat'),
      model: 'SpatioTemporalMatrix',
      name: 'stopped',
      overrides: 'timestamp=2004-06-30T00:00:00',
    };
    const plan = await planFromFile(request, files);
    const stop = (step: string) => {
      if (step === 'documents') throw new SimulatedStop(step);
    };
    await assert.rejects(
      executeLoad(plan, new MongoStore(server.db), { onStep: stop }),
      SimulatedStop,
    );
    await plan.file.close();
    await server.db
      .collection<{ _id: string }>('_fluxmanage_journal')
      .updateOne({ _id: 'stopped' }, { $set: { pid: 2 ** 22 + 9 } });
    // The original tool sees the journal (and the staging collection) as datasets without
    // metadata: right, something was left behind.
    const seen = await originalToolDatasets();
    assert.ok(seen.includes('_fluxmanage_journal'), seen.join(', '));
    const ours = await runFluxManage(['db', '-a'], { env: server.env });
    assert.match(
      ours.stdout,
      /INCONSISTENCY FOUND: interrupted operation on collection ID "stopped"/,
    );

    assert.equal((await runFluxManage(['db', '-a', '--fix'], { env: server.env })).code, 0);
    assert.deepEqual(await originalToolDatasets(), ['first', 'third']);
    assert.deepEqual(await originalToolAudit(), []);
  });
});
