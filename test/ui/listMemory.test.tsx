import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { removeDataset } from '#core/operations/remove.js';
import { renameDataset } from '#core/operations/rename.js';
import { storeWithCasa } from '#test/support/fixtureLoads.js';
import { KEYS, renderUi, waitForFrame } from '#test/support/ink.js';

/**
 * The list and the preview when another process renames or removes a dataset, on the UI's real
 * services over an in-memory store (the store is changed behind the UI's back, as another
 * flux-manage would). Fixture facts: casagfed2004.mat is 8 time steps 3 hours apart.
 */
const servicesOver = (store: MemoryStore) =>
  createUiServices(store, 'memory://', 'fluxvis', 'memory://');

describe('datasets changed by another process', () => {
  it('a dataset renamed elsewhere leaves the list, and is not previewed from the cache', async () => {
    const store = await storeWithCasa();
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /> casa\s+8 grid/);
      ui.type('p');
      await waitForFrame(ui.view, /casa {2}values at 2004-06-30T00:00:00 {2}\(step 1 of 8\)/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /> casa\s+8 grid/);
      await renameDataset(store, 'casa', 'casa_new');
      // The help over the list and back: the list is refreshed as it comes back in front.
      ui.type('?');
      await waitForFrame(ui.view, /Keys of this screen/);
      ui.type(KEYS.escape);
      const refreshed = await waitForFrame(
        ui.view,
        /Changed elsewhere: "casa" renamed to "casa_new"\./,
      );
      assert.match(refreshed, /> casa_new\s+\+\s+8 grid/);
      assert.doesNotMatch(refreshed, /^. casa\s/m);
      ui.type('p');
      await waitForFrame(ui.view, /casa_new {2}values at 2004-06-30T00:00:00 {2}\(step 1 of 8\)/);
    } finally {
      ui.unmount();
    }
  });

  it('a preview of a dataset removed elsewhere fails, and the list no longer has it', async () => {
    const store = await storeWithCasa();
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /> casa\s+8 grid/);
      ui.type('jp');
      await waitForFrame(ui.view, /casa_july {2}values at 2004-07-01T00:00:00 {2}\(step 1 of 8\)/);
      await removeDataset(store, 'casa_july');
      ui.type('G');
      await waitForFrame(
        ui.view,
        /"casa_july" is no longer in the database: removed or renamed by another process/,
      );
      ui.type(KEYS.escape);
      const list = await waitForFrame(ui.view, /> casa\s+8 grid/);
      assert.doesNotMatch(list, /casa_july/);
    } finally {
      ui.unmount();
    }
  });
});
