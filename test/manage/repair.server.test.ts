import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { JOURNAL_COLLECTION } from '#core/journal.js';
import {
  auditDatabase,
  repairFindings,
  type AuditProgress,
  type Finding,
  type RepairProgress,
} from '#core/operations/audit.js';
import type { DatasetStore } from '#core/store.js';
import { loadSmallDataset } from '#test/support/datasets.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('repair');
const temp = useTempDir('repair');
const DEAD_PID = 2 ** 22 + 17; // above Linux's pid_max: no process has it

const store = () => new MongoStore(server.db);
const journal = () =>
  server.db.collection<{ _id: string; [key: string]: unknown }>(JOURNAL_COLLECTION);

/** A journal entry as a load writes it; `pid` decides whether it looks alive. */
function claim(name: string, pid: number, extra: Record<string, unknown> = {}) {
  return {
    _id: name,
    op: 'load',
    token: `t_${name}`,
    state: 'writing',
    pid,
    host: os.hostname(),
    startedAt: new Date(),
    heartbeat: new Date(),
    ...extra,
  };
}

describe('audit progress', () => {
  it('counts every dataset no operation holds: 0 first, then one call per dataset', async () => {
    for (const name of ['p1', 'p2', 'p3']) await loadSmallDataset(server, temp.path, name, 2);
    // p2 is busy (a live load holds it: another process on this host, the test runner stands
    // for it), so the audit does not check it.
    await journal().insertOne(claim('p2', process.ppid));
    const calls: AuditProgress[] = [];
    const report = await auditDatabase(store(), { onProgress: (progress) => calls.push(progress) });
    assert.deepEqual(calls, [
      { checked: 0, total: 2 },
      { checked: 1, total: 2 },
      { checked: 2, total: 2 },
    ]);
    assert.deepEqual(
      report.findings.map((finding) => [finding.kind, finding.dataset]),
      [['busy', 'p2']],
    );
    await journal().deleteOne({ _id: 'p2' });

    const again: AuditProgress[] = [];
    await auditDatabase(store(), { onProgress: (progress) => again.push(progress) });
    assert.deepEqual(again.at(-1), { checked: 3, total: 3 });
    assert.equal(again.length, 4);
  });
});

describe('repairFindings', () => {
  it('repairs interrupted operations first, reports what it cannot repair, skips busy datasets', async () => {
    // An interrupted new load (dead pid, a staging collection), a stale metadata entry, a
    // gridded dataset without its coord_index (not repairable), a busy dataset.
    await server.db.collection('_fluxmanage_stage_r1').insertOne({ _id: new Date(0) } as never);
    await journal().insertOne(
      claim('halfway', DEAD_PID, { token: 'r1', staging: '_fluxmanage_stage_r1' }),
    );
    await server.db.collection('metadata').insertOne({ _id: 'ghost', title: 'gone' } as never);
    await loadSmallDataset(server, temp.path, 'gridless', 2);
    await server.db.collection('coord_index').deleteOne({ _id: 'gridless' as never });
    await loadSmallDataset(server, temp.path, 'held', 2);
    await journal().insertOne(claim('held', process.ppid));

    const report = await auditDatabase(store());
    const kinds = report.findings.map((finding) => `${finding.kind} ${finding.dataset}`);
    assert.deepEqual(
      [...kinds].sort(),
      [
        'busy held',
        'interrupted halfway',
        'missing-coord-index gridless',
        'stale-metadata ghost',
      ].sort(),
    );
    // Given with the interrupted one last, it is still repaired first.
    const given = [...report.findings].sort(
      (a, b) => Number(a.kind === 'interrupted') - Number(b.kind === 'interrupted'),
    );
    const calls: RepairProgress[] = [];
    const actions = await repairFindings(store(), given, {
      onProgress: (progress) => calls.push(progress),
    });
    assert.deepEqual(
      actions.map((action) => [action.finding.kind, action.done, action.detail]),
      [
        ['interrupted', true, 'removed the partly loaded new dataset'],
        ...given
          .filter((finding) => finding.kind !== 'interrupted' && finding.kind !== 'busy')
          .map((finding) =>
            finding.kind === 'stale-metadata'
              ? ['stale-metadata', true, 'deleted the metadata entry of "ghost"']
              : [
                  'missing-coord-index',
                  false,
                  'cannot repair: its grid is lost with it; reload the dataset',
                ],
          ),
      ],
    );
    assert.deepEqual(calls, [
      { done: 0, total: 3 },
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    const names = (await server.db.listCollections().toArray()).map((c) => c.name);
    assert.ok(!names.includes('_fluxmanage_stage_r1'), 'the staging collection was dropped');
    assert.equal(await journal().countDocuments({ _id: 'halfway' }), 0);
    assert.equal(await journal().countDocuments({ _id: 'held' }), 1, 'the busy one is untouched');
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'ghost' as never }),
      0,
    );
    await journal().deleteOne({ _id: 'held' });
  });

  it('a repair that fails is reported as not done, and the others still run', async () => {
    await server.db.collection('metadata').insertOne({ _id: 'ghost2', title: 'gone' } as never);
    await server.db.collection('coord_index').insertOne({ _id: 'ghost2', i: [] } as never);
    const real = store();
    const failing = new Proxy(real, {
      get(target, property, receiver) {
        if (property === 'deleteMetadata') return () => Promise.reject(new Error('disk on fire'));
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as DatasetStore;
    const findings: Finding[] = (await auditDatabase(real)).findings.filter(
      (finding) => finding.dataset === 'ghost2',
    );
    assert.deepEqual(findings.map((finding) => finding.kind).sort(), [
      'stale-coord-index',
      'stale-metadata',
    ]);
    const actions = await repairFindings(failing, findings);
    const byKind = Object.fromEntries(actions.map((action) => [action.finding.kind, action]));
    assert.equal(byKind['stale-metadata']?.done, false);
    assert.equal(byKind['stale-metadata']?.detail, 'could not repair: disk on fire');
    assert.equal(byKind['stale-coord-index']?.done, true);
    assert.equal(
      await server.db.collection('coord_index').countDocuments({ _id: 'ghost2' as never }),
      0,
    );
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'ghost2' as never }),
      1,
    );
  });

  it('nothing to repair: one progress call, no actions', async () => {
    const calls: RepairProgress[] = [];
    const actions = await repairFindings(store(), [], {
      onProgress: (progress) => calls.push(progress),
    });
    assert.deepEqual(actions, []);
    assert.deepEqual(calls, [{ done: 0, total: 0 }]);
  });
});
