/**
 * verify: a dataset against the file it was loaded from, on the in-memory store. Expected
 * values are the fixture facts (test/fixtures/flux/README.md: casagfed2004 has 2635 cells and
 * 8 steps 3 hours apart from the timestamp; the second cell is (-165.5, 61.5)).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import { describe, it } from 'node:test';
import { VERIFY_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { VerifyCancelled, verifyDataset } from '#core/operations/verify.js';
import { loadCasa } from '#test/support/casa.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('verify');
const CASA = `${FIXTURES}casagfed2004.mat`;
const casaRequest = { name: 'casa', path: CASA, overrides: 'timestamp=2004-06-30T00:00:00' };

describe('verify: what a file would store against what a dataset holds', () => {
  it('equal: every value of the 8 steps compared, nothing differs', async () => {
    const store = new MemoryStore();
    await loadCasa(store, 'casa');
    const report = await verifyDataset(store, VERIFY_FILES, casaRequest);
    assert.equal(report.equal, true);
    assert.deepEqual(report.times, { inFile: 8, compared: 8, onlyInDataset: 0 });
    assert.equal(report.valuesCompared, 8 * 2635);
    assert.equal(report.valuesDiffering, 0);
    assert.deepEqual(report.differences, []);
  });

  it('one changed stored value: named by its time, cell, place and both values', async () => {
    const store = new MemoryStore();
    await loadCasa(store, 'casa');
    const time = new Date('2004-06-30T03:00:00Z');
    const [document] = await store.documentsAt('casa', '_id', time);
    const values = [...(document?.values as number[])];
    const original = values[1];
    values[1] = 999.5;
    await store.deleteTimes('casa', '_id', [time]);
    await store.insertDocuments('casa', [{ _id: time, values }]);
    const report = await verifyDataset(store, VERIFY_FILES, casaRequest);
    assert.equal(report.equal, false);
    assert.equal(report.valuesDiffering, 1);
    assert.deepEqual(report.differences, [
      {
        kind: 'value',
        time: '2004-06-30T03:00:00',
        parameter: 'values',
        cell: 1,
        x: -165.5,
        y: 61.5,
        stored: 999.5,
        file: original,
      },
    ]);
  });

  it('an appended dataset: the times the file does not hold are counted, not differences', async () => {
    const store = new MemoryStore();
    await loadCasa(store, 'casa');
    await loadCasa(store, 'casa', '2004-07-01T00:00:00');
    const report = await verifyDataset(store, VERIFY_FILES, casaRequest);
    assert.equal(report.equal, true);
    assert.deepEqual(report.times, { inFile: 8, compared: 8, onlyInDataset: 8 });
  });

  it('a file of another grid: the grid differs, and no value is compared', async () => {
    const store = new MemoryStore();
    await loadCasa(store, 'casa');
    const file = temp.file('other.mat');
    await fs.writeFile(
      file,
      writeMat5([
        {
          kind: 'numeric',
          name: 'm',
          class: 'double',
          dims: [2, 3],
          values: [0.5, 1.5, 40.5, 41.5, 1, 2],
        },
      ]),
    );
    const report = await verifyDataset(store, VERIFY_FILES, {
      name: 'casa',
      path: file,
      configFile: null,
      overrides: 'timestamp=2004-06-30T00:00:00',
    });
    assert.equal(report.equal, false);
    assert.equal(report.valuesCompared, 0);
    assert.deepEqual(
      report.differences.find((difference) => difference.kind === 'grid'),
      { kind: 'grid', time: null, stored: '2635 cells', file: '2 cells' },
    );
  });

  it('no such dataset: an error, not a comparison', async () => {
    await assert.rejects(
      verifyDataset(new MemoryStore(), VERIFY_FILES, { ...casaRequest, name: 'nope' }),
      /no dataset "nope"/,
    );
  });

  it('a cancel stops the comparison at the next document it takes, and leaves no scratch', async () => {
    const store = new MemoryStore();
    await loadCasa(store, 'casa');
    const controller = new AbortController();
    const seen: string[] = [];
    const scratchBefore = await scratchFolders();
    await assert.rejects(
      verifyDataset(store, VERIFY_FILES, casaRequest, {
        signal: controller.signal,
        onProgress: (progress) => {
          seen.push(progress.phase);
          // The third document of the file: the cancel must be seen before a fourth.
          if (seen.length === 3) controller.abort();
        },
      }),
      (error: unknown) => error instanceof VerifyCancelled && error.kind === 'cancelled',
    );
    assert.deepEqual(seen, ['file', 'file', 'file']);
    assert.deepEqual(await scratchFolders(), scratchBefore);
  });
});

/** The scratch folders verify makes under the system's temporary folder. */
async function scratchFolders(): Promise<string[]> {
  const names = await fs.readdir(os.tmpdir());
  return names.filter((name) => name.includes('scratch')).sort();
}
