import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { storeWithCasa } from '#test/support/fixtureLoads.js';
import { KEYS, renderUi, waitForFrame } from '#test/support/ink.js';

/**
 * The screens on the UI's real services over an in-memory store: the fast tier's check that
 * browse, the metadata pane, preview, audit (with a repair), rename and remove work, without a
 * server. The same screens run against the server in browse.server.test.tsx and
 * screens.server.test.tsx.
 */
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

  it("preview: a grid's first step, and the arrows step through its 8 times", async () => {
    const ui = renderUi(servicesOver(await storeWithCasa()));
    try {
      await waitForFrame(ui.view, /> casa\s+8 grid/);
      ui.type('p');
      // Fixture facts: 8 steps 3 hours apart from the timestamp given, 00:00 to 21:00.
      await waitForFrame(ui.view, /casa {2}values at 2004-06-30T00:00:00 {2}\(step 1 of 8\)/);
      ui.type(KEYS.right);
      await waitForFrame(ui.view, /casa {2}values at 2004-06-30T03:00:00 {2}\(step 2 of 8\)/);
      ui.type('l');
      await waitForFrame(ui.view, /casa {2}values at 2004-06-30T06:00:00 {2}\(step 3 of 8\)/);
      // The first step is as far back as it goes: no wrapping around to the last.
      ui.type(`${KEYS.left}${KEYS.left}${KEYS.left}`);
      await waitForFrame(ui.view, [
        /casa {2}values at 2004-06-30T00:00:00 {2}\(step 1 of 8\)/,
        /This is the first step: there is none before it\./,
      ]);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, [/DATASET\s+RECORDS/, /> casa\s+8 grid/]);
    } finally {
      ui.unmount();
    }
  });

  it('audit: a missing metadata entry and a stale coord_index entry, each repaired by f', async () => {
    const store = await storeWithCasa();
    await store.deleteMetadata('casa_july');
    await store.writeCoordIndex('ghost', [[0.5, 0.5]]);
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa_july\s+8/);
      ui.type('a');
      const report = await waitForFrame(
        ui.view,
        /Database audit complete: 2 inconsistencies found\./,
      );
      // The first finding is selected: marked with ">".
      assert.match(
        report,
        /Missing entries \(1\)\n> +missing metadata entry for collection ID "casa_july"/,
      );
      assert.match(
        report,
        /Stale entries \(1\)\n +stale entry for collection ID "ghost" in coord_index/,
      );

      // The question says what the repair does (fixture facts: 8 documents).
      ui.type('f');
      await waitForFrame(
        ui.view,
        /Rebuild the metadata of "casa_july" from its 8 documents, all but its title and units\? \[y\/N\]/,
      );
      ui.type('n');
      await waitForFrame(ui.view, /f repair/);
      assert.equal(await store.readMetadata('casa_july'), null, 'n: nothing done');

      ui.type('f');
      await waitForFrame(ui.view, /Rebuild the metadata of "casa_july" from its 8 documents/);
      ui.type('y');
      // The repair is followed by a new audit: the finding is gone, the other one stays.
      const repaired = await waitForFrame(ui.view, /FIXED: rebuilt the metadata of "casa_july"/);
      assert.match(repaired, /Database audit complete: 1 inconsistency found\./);
      assert.doesNotMatch(repaired, /Missing entries/);
      assert.match(repaired, /Stale entries \(1\)/);
      // Rebuilt from the data, as the fixture facts say they were loaded.
      const rebuilt = await store.readMetadata('casa_july');
      assert.deepEqual(rebuilt?.dates, ['2004-07-01T00:00:00', '2004-07-01T21:00:00']);
      assert.deepEqual(rebuilt?.bbox, [-166.5, 10.5, -50.5, 69.5]);

      ui.type('g');
      await waitForFrame(ui.view, /> +stale entry for collection ID "ghost" in coord_index/);
      ui.type('f');
      await waitForFrame(
        ui.view,
        /Delete the coord_index entry of "ghost", whose dataset is gone\? \[y\/N\]/,
      );
      ui.type('y');
      const clean = await waitForFrame(ui.view, /No inconsistencies found!/);
      assert.match(clean, /FIXED: deleted the coord_index entry of "ghost"/);
      assert.doesNotMatch(clean, /Stale entries/);
      assert.deepEqual((await store.listCoordIndexIds()).sort(), ['casa', 'casa_july']);
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

describe('a load in the background, over an in-memory store', () => {
  it('runs on while the list is browsed: its row shows it, another dataset previews, its end is told', async () => {
    const store = await storeWithCasa();
    const real = servicesOver(store);
    // The load waits for the test before it starts: it is running for as long as needed.
    let letGo: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    const ui = renderUi({
      ...real,
      load: async (request, onProgress, signal) => {
        await gate;
        return real.load(request, onProgress, signal);
      },
    });
    try {
      await waitForFrame(ui.view, /casa_july\s+8/);
      ui.type(`l${FIXTURES}casagfed2004.mat\r`);
      await waitForFrame(ui.view, /step 2 of 8/);
      ui.type('\r\rcasa_aug');
      await waitForFrame(ui.view, /a new dataset/);
      ui.type('\r');
      await waitForFrame(ui.view, /can be used/);
      ui.type('\rtimestamp=2004-08-01T00:00:00\r');
      await waitForFrame(ui.view, /Enter start/);
      ui.type('\r');
      await waitForFrame(ui.view, [/Starting: reading the file/, /elapsed 0:00/, /Enter list/]);
      ui.type('\r');
      // Its row (a new dataset is listed once it commits) and the pane say where it is.
      await waitForFrame(ui.view, [/> casa_aug\s+starting/, /The load \(l shows it\)/]);
      ui.type('r');
      await waitForFrame(ui.view, /a load of "casa_aug" is running: wait for it to end/);
      // Another dataset's preview works meanwhile.
      ui.type('gp');
      await waitForFrame(ui.view, /casa {2}values at 2004-06-30T00:00:00 {2}\(step 1 of 8\)/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /> casa\s+8 grid/);
      letGo();
      // Fixture facts: 8 steps of 2635 cells.
      await waitForFrame(ui.view, /Loaded "casa_aug": 8 documents \(21080 values\)/);
      await waitForFrame(ui.view, /casa_aug\s+8 grid/);
      assert.equal(await store.recordCount('casa_aug'), 8);
      ui.type('L');
      const log = await waitForFrame(ui.view, /The log: \d+ messages/);
      assert.match(log, /The load of "casa_aug" goes on/);
      assert.match(log, /Loaded "casa_aug": 8 documents \(21080 values\)/);
    } finally {
      ui.unmount();
    }
  });
});
