/**
 * The load wizard's review with data warnings (docs/ui.md): they are listed highlighted above
 * the Enter line, marked "!" (they show without colour), each selectable to read it whole,
 * and the load asks for a second Enter. The file is test/support/checkGrids.ts's grid with its
 * last step all zeros: one constant-step warning. On the UI's real services over an in-memory
 * store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { fillBlockGrid, writeGridFile, zeroStepGrid } from '#test/support/checkGrids.js';
import {
  KEYS,
  pause,
  renderUi,
  waitForFrame,
  waitUntil,
  type RenderedUi,
} from '#test/support/ink.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('reviewchecks');

const WARNING = '! constant-step: "values": every value is 0 at 1 step: 2004-01-01T09:00:00';

/** The wizard through to the review of `path` as the dataset "checked". */
async function toReview(ui: RenderedUi, path: string): Promise<void> {
  await waitForFrame(ui.view, /DATASET/);
  ui.type(`l${path}\r`);
  await waitForFrame(ui.view, /step 2 of 8/);
  ui.type(KEYS.enter);
  // Six columns look like XCO2Matrix's: the model is chosen, two up.
  await waitForFrame(ui.view, /step 3 of 8: the model/);
  ui.type(`${KEYS.up}${KEYS.up}`);
  await waitForFrame(ui.view, /> SpatioTemporalMatrix/);
  ui.type(KEYS.enter);
  await waitForFrame(ui.view, /step 4 of 8: the dataset name/);
  ui.type('checked\r');
  await waitForFrame(ui.view, /step 5 of 8/);
  ui.type(KEYS.enter);
  await waitForFrame(ui.view, /step 6 of 8: settings/);
  ui.type('timestamp=2004-01-01T00:00:00\r');
}

const servicesOver = (store: MemoryStore) =>
  createUiServices(store, 'memory://', 'fluxvis', 'memory://');

describe('the review lists data warnings and asks for Enter twice', () => {
  it('a constant step: listed above the Enter line, and loaded at the second Enter only', async () => {
    const path = await writeGridFile(temp.file('zeros.mat'), zeroStepGrid());
    const store = new MemoryStore();
    const ui = renderUi(servicesOver(store));
    try {
      await toReview(ui, path);
      const review = await waitForFrame(
        ui.view,
        /! 1 data warning: read it \(j\/k\); loading asks for Enter twice/,
      );
      // Above the key hints (the Enter line), the warning's own line after the heading.
      const lines = review.split('\n');
      const heading = lines.findIndex((line) => line.includes('! 1 data warning'));
      assert.ok(
        lines[heading + 1]?.includes('! constant-step: "values": every value is 0'),
        review,
      );
      assert.ok(
        lines.findIndex((line) => /Enter start/.test(line)) > heading,
        `the warnings are above the Enter line:\n${review}`,
      );
      ui.type(KEYS.enter);
      // The first Enter only asks again, and selects the warning: read whole below the list.
      const asked = await waitForFrame(
        ui.view,
        /! 1 data warning: Enter again loads anyway \(Esc goes back\)/,
      );
      assert.match(asked, /> ! constant-step/);
      assert.ok(asked.replace(/\s*\n\s*/g, ' ').includes(WARNING), asked);
      await pause(200);
      assert.deepEqual(await store.collectionNames(), [], 'nothing loaded at the first Enter');
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /step 8 of 8/);
      await waitUntil(async () =>
        (await store.collectionNames()).includes('checked') ? true : undefined,
      );
      await waitUntil(async () => ((await store.readMetadata('checked')) ? true : undefined));
      assert.equal(await store.recordCount('checked'), 4);
      // The load's end says it again.
      await waitForFrame(
        ui.view,
        /Data warning: constant-step: "values": every value is 0 at 1 step: 2004-01-01T09:00:00/,
      );
    } finally {
      ui.unmount();
    }
  });

  it('a warning longer than the line is read whole once selected', async () => {
    const path = await writeGridFile(temp.file('fill.mat'), fillBlockGrid());
    const ui = renderUi(servicesOver(new MemoryStore()));
    try {
      await toReview(ui, path);
      const review = await waitForFrame(ui.view, /! fill-value: "values": -9999 looks like a fill/);
      // Cut at the screen's 100 columns: its end is not on screen yet.
      assert.doesNotMatch(review, /2004-01-01T06:00:00/);
      ui.type('G');
      const selected = await waitForFrame(ui.view, /> ! fill-value/);
      assert.ok(
        selected
          .replace(/\s*\n\s*/g, ' ')
          .includes('200 of 1800 values (11%), far outside the rest'),
        selected,
      );
      assert.ok(
        selected
          .replace(/\s*\n\s*/g, ' ')
          .includes('at 2 steps: 2004-01-01T03:00:00 and 2004-01-01T06:00:00'),
        selected,
      );
    } finally {
      ui.unmount();
    }
  });
});
