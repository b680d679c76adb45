/**
 * `db -a --deep` runs the load's data checks over the stored data and reports them as
 * findings of kind 'data-check', never repaired (docs/loading.md, "Data checks"). The grids
 * are test/support/checkGrids.ts's; casagfed2004 is the clean fixture.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { auditDatabase, repairFindings } from '#core/operations/audit.js';
import { runLoad } from '#core/operations/load/index.js';
import { loadCasa } from '#test/support/casa.js';
import { writeGridFile, zeroStepGrid } from '#test/support/checkGrids.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('auditchecks');

async function withZeroStep(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const path = await writeGridFile(temp.file('zeros.mat'), zeroStepGrid());
  const request = {
    path,
    model: 'SpatioTemporalMatrix',
    name: 'zeros',
    overrides: 'timestamp=2004-01-01T00:00:00',
  };
  await runLoad(request, store, LOCAL_FILES);
  return store;
}

describe('db -a --deep: the data checks over stored data', () => {
  it('an all-zero step is a data-check finding, not an inconsistency, and not repaired', async () => {
    const store = await withZeroStep();
    const report = await auditDatabase(store, { deep: true });
    assert.deepEqual(
      report.findings.map(({ kind, check, dataset, fixable }) => ({
        kind,
        check,
        dataset,
        fixable,
      })),
      [{ kind: 'data-check', check: 'constant-step', dataset: 'zeros', fixable: false }],
    );
    assert.equal(
      report.findings[0]?.message,
      'collection ID "zeros": constant-step: "values": every value is 0 at 1 step: 2004-01-01T09:00:00',
    );
    assert.equal(report.clean, true);
    assert.deepEqual(await repairFindings(store, report.findings), []);
    // The quick audit reads no data: no data check.
    assert.deepEqual((await auditDatabase(store)).findings, []);
  });

  it('a stored grid with x and y swapped (written before the checks) is reported', async () => {
    const store = await withZeroStep();
    const swapped = (await store.readCoordIndex('zeros'))?.map(
      ([x, y]) => [y, x] as [number, number],
    );
    await store.writeCoordIndex('zeros', swapped ?? []);
    const checks = (await auditDatabase(store, { deep: true })).findings.map((f) => f.check);
    assert.deepEqual(checks, ['grid-cells', 'constant-step']);
  });

  it('casagfed2004: no finding', async () => {
    const store = new MemoryStore();
    await loadCasa(store, 'casa');
    assert.deepEqual((await auditDatabase(store, { deep: true })).findings, []);
  });
});
