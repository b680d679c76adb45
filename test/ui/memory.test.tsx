import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { runLoad } from '#core/operations/load/index.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { KEYS, renderUi, waitForFrame } from '#test/support/ink.js';

/**
 * The screens on the UI's real services over an in-memory store: the fast tier's check that
 * browse, the metadata pane, audit, rename and remove work, without a server. The same
 * screens run against the server in browse.server.test.tsx and screens.server.test.tsx.
 */
async function storeWithCasa(): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const [name, timestamp] of [
    ['casa', '2004-06-30T00:00:00'],
    ['casa_july', '2004-07-01T00:00:00'],
  ] as const) {
    await runLoad(
      {
        path: `${FIXTURES}casagfed2004.mat`,
        model: 'SpatioTemporalMatrix',
        name,
        overrides: `timestamp=${timestamp}`,
      },
      store,
      LOCAL_FILES,
    );
  }
  return store;
}

const servicesOver = (store: MemoryStore) =>
  createUiServices(store, 'memory://', 'fluxvis', 'memory://');

describe('the screens over an in-memory store', () => {
  it("browse: the datasets with their records and the selection's metadata", async () => {
    const ui = renderUi(servicesOver(await storeWithCasa()));
    try {
      // Fixture facts: 8 steps 3 hours apart, the config file's title and grid.
      const frame = await waitForFrame(ui.view, [/casa_july\s+8 grid/, /stats values:/]);
      assert.match(frame, /> casa\s+8 grid\s+2004-06-30 00:00\.\.21:00/);
      assert.match(frame, /title\s+Surface Carbon Flux/);
      assert.match(frame, /bbox\s+\[-166\.5,10\.5,-50\.5,69\.5\]/);
      ui.type('j');
      await waitForFrame(ui.view, [/> casa_july/, /2004-07-01T00:00:00/]);
    } finally {
      ui.unmount();
    }
  });

  it('rename and remove change the store, and the list follows', async () => {
    const store = await storeWithCasa();
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa_july\s+8/);
      ui.type('r');
      await waitForFrame(ui.view, /Rename "casa"/);
      ui.type(`casa_june${KEYS.enter}`);
      await waitForFrame(ui.view, /Renamed "casa" to "casa_june"\./);
      assert.equal(await store.readMetadata('casa'), null);
      assert.equal((await store.readMetadata('casa_june'))?.title, 'Surface Carbon Flux');

      await waitForFrame(ui.view, /> casa_june/);
      ui.type('d');
      await waitForFrame(ui.view, /Remove "casa_june" \(8 records\)/);
      ui.type(`casa_june${KEYS.enter}`);
      await waitForFrame(ui.view, /Removed "casa_june"\./);
      assert.deepEqual(await store.listMetadataIds(), ['casa_july']);
      assert.equal(await store.collectionExists('casa_june'), false);
    } finally {
      ui.unmount();
    }
  });
});
