/**
 * The guided load drawn by Ink over the UI's real services and an in-memory store: a folder
 * typed at the config step is answered at once (it once said "checking..." for good), a
 * folder's files load with a pattern, Tab completes a dataset's name to append to it, and the
 * next load is offered the last one's answers. Facts from test/fixtures/flux/README.md.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { copyCasa, loadCasa } from '#test/support/casaFiles.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { KEYS, renderUi, waitForFrame } from '#test/support/ink.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('wizard-screens');
const servicesOver = (store: MemoryStore) =>
  createUiServices(store, 'memory://', 'fluxvis', 'memory://');

/** A store holding "casa" (casagfed2004.mat at 2004-06-30T00:00:00). */
const storeWithCasa = () => loadCasa(new MemoryStore());

describe('the load wizard over an in-memory store', () => {
  let batch = '';
  before(async () => {
    batch = path.join(temp.path, 'batch');
    await copyCasa(batch, 'casa_a', '2004-06-30T00:00:00');
    await copyCasa(batch, 'casa_b', '2004-07-01T00:00:00');
  });

  it('answers a folder typed as the config file, and Enter says why it cannot go on', async () => {
    const ui = renderUi(servicesOver(await storeWithCasa()));
    try {
      await waitForFrame(ui.view, /casa\s+8 grid/);
      ui.type(`l${FIXTURES}casagfed2004.mat\r`);
      await waitForFrame(ui.view, /step 2 of 8/);
      ui.type('\r\rfresh\r');
      await waitForFrame(ui.view, /casagfed2004\.json can be used\./);
      ui.type(`\u0015${temp.path}`);
      await waitForFrame(ui.view, new RegExp(`${temp.path}: is a directory, not a file`));
      ui.type(KEYS.enter);
      // Still at step 5, the reason given again as the answer to Enter.
      await waitForFrame(ui.view, /step 5 of 8[\s\S]*is a directory[\s\S]*is a directory/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /step 4 of 8: the dataset name/);
    } finally {
      ui.unmount();
    }
  });

  it("loads a folder's files with a pattern, each with its own config, into one dataset", async () => {
    const store = new MemoryStore();
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /No datasets|DATASET/);
      ui.type(`l${batch}/casa_*.mat\r`);
      await waitForFrame(
        ui.view,
        /2 files match casa_\*\.mat, to load in name order; the first:\nWhich variable is the data\? casa_a\.mat: MATLAB 5\.0 MAT-file/,
      );
      ui.type('\r\rbatch\r');
      await waitForFrame(ui.view, /Empty: each file's own \.json beside it, where there is one\./);
      ui.type('\r\r');
      const review = await waitForFrame(ui.view, /Enter start/);
      assert.match(
        review,
        /New dataset "batch": 2 files, loaded in this order:\n +casa_a\.mat, casa_b\.mat\n +the first, casa_a\.mat: 8 documents \(21080 values\);/,
      );
      assert.match(review, /config +each file's own \.json \(the first: casa_a\.json\)/);
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /Upload complete! 16 documents \(42160 values\)/, {
        timeoutMs: 60_000,
      });
      assert.equal(await store.recordCount('batch'), 16);
      assert.deepEqual((await store.readMetadata('batch'))?.dates, [
        '2004-06-30T00:00:00',
        '2004-07-01T21:00:00',
      ]);
    } finally {
      ui.unmount();
    }
  });

  it("completes a dataset's name with Tab to append, then offers the same answers again", async () => {
    const store = await storeWithCasa();
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa\s+8 grid/);
      ui.type(`l${batch}/casa_b.mat\r`);
      await waitForFrame(ui.view, /step 2 of 8/);
      ui.type('\r\rca\t');
      await waitForFrame(
        ui.view,
        /Dataset name: casa\b[\s\S]*"casa" exists: the load will append to it/,
      );
      ui.type('\r');
      await waitForFrame(ui.view, /casa_b\.json can be used\./);
      ui.type('\rtitle=Batch\r');
      const review = await waitForFrame(ui.view, /Enter start/);
      assert.match(review, /Append to "casa": 8 documents \(21080 values\)/);
      // The times are new to the dataset: no choice about times it has.
      assert.doesNotMatch(review, /already has/);
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /Upload complete! 8 documents/, { timeoutMs: 60_000 });
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /Loaded "casa"\./);
      assert.equal(await store.recordCount('casa'), 16);

      ui.type('l');
      await waitForFrame(ui.view, new RegExp(`File, or folder/\\*\\.mat: ${batch}/`));
      await waitForFrame(ui.view, /In the last load's folder/);
      ui.type('casa_a.mat\r');
      await waitForFrame(ui.view, /step 2 of 8/);
      ui.type('\r');
      await waitForFrame(ui.view, /the last load's is selected/);
      ui.type('\rother\r');
      await waitForFrame(ui.view, /casa_a\.json can be used\./);
      ui.type('\r');
      await waitForFrame(ui.view, /Settings \(key=value;\.\.\.\): title=Batch/);
      await waitForFrame(ui.view, /The last load's settings/);
    } finally {
      ui.unmount();
    }
  });
});
