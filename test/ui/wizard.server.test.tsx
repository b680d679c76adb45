import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { readTextIfPresent } from '#adapters/files/textFiles.js';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { JOURNAL_COLLECTION } from '#core/journal.js';
import { executeLoad, SimulatedStop } from '#core/operations/load/execute.js';
import { planFromFile } from '#core/operations/load/plan.js';
import { loadSmallDataset } from '#test/support/datasets.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { KEYS, renderUi, waitForFrame, type RenderedUi } from '#test/support/ink.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('uiwizard');
const temp = useTempDir('uiwizard');

/** The wizard open at its name step for casagfed2004.mat. */
async function atNameStep(ui: RenderedUi): Promise<void> {
  await waitForFrame(ui.view, /taken\s+2/);
  ui.type(`l${FIXTURES}casagfed2004.mat\r`);
  await waitForFrame(ui.view, /step 2 of 8/);
  ui.type('\r\r');
  await waitForFrame(ui.view, /step 4 of 8: the dataset name/);
}

describe('the load wizard', () => {
  before(async () => {
    await loadSmallDataset(server, temp.path, 'taken', 2);
  });

  it("completes a path with Tab and lists the file's variables", async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /taken\s+2/);
      ui.type(`l${FIXTURES}casa\t`);
      // The file that loads first, then its config.
      await waitForFrame(ui.view, /casagfed2004\.mat\n.*casagfed2004\.json/);
      await waitForFrame(ui.view, /File, or folder\/\*\.mat: .*casagfed2004\./);
      ui.type('mat\r');
      const variables = await waitForFrame(ui.view, /step 2 of 8: the variable/);
      assert.match(variables, /> casa_gfed_2004 {2}double {2}2635x10/);
    } finally {
      ui.unmount();
    }
  });

  it('preselects the likeliest model and flags the ones that do not fit the shape', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /taken\s+2/);
      ui.type(`l${FIXTURES}casagfed2004.mat\r`);
      await waitForFrame(ui.view, /step 2 of 8/);
      ui.type('\r');
      const models = await waitForFrame(ui.view, /step 3 of 8: the model/);
      assert.match(models, /> SpatioTemporalMatrix +gridded time series/);
      assert.match(models, /KrigedXCO2Matrix +does not fit/);
      ui.type('j\r');
      await waitForFrame(
        ui.view,
        /KrigedXCO2Matrix does not fit casa_gfed_2004 \(2635x10\): it has 10 columns/,
      );
    } finally {
      ui.unmount();
    }
  });

  it('checks the dataset name as it is typed: reserved, invalid, existing (append), new', async () => {
    const ui = renderUi(server);
    try {
      await atNameStep(ui);
      ui.type('metadata');
      await waitForFrame(ui.view, /"metadata" is reserved for the Carbon Data Explorer/);
      ui.type('\u0015a$b');
      await waitForFrame(ui.view, /contains "\$"/);
      ui.type(KEYS.enter);
      // Refused: still here, the reason now also given as the answer to Enter.
      await waitForFrame(ui.view, /step 4 of 8[\s\S]*contains "\$"[\s\S]*contains "\$"/);
      ui.type('\u0015taken');
      await waitForFrame(ui.view, /"taken" exists: the load will append to it/);
      // Not casa_ui: the load test creates that one, and this test must not depend on order.
      ui.type('\u0015casa_fresh');
      await waitForFrame(ui.view, /a new dataset/);
    } finally {
      ui.unmount();
    }
  });

  it('fills in the sibling config, checks the settings as they are typed, and reviews', async () => {
    const ui = renderUi(server);
    try {
      await atNameStep(ui);
      ui.type('casa_review\r');
      await waitForFrame(ui.view, /Config file \(empty for none\): .*casagfed2004\.json/);
      await waitForFrame(ui.view, /casagfed2004\.json can be used\./);
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /step 6 of 8: settings/);
      ui.type('timestamp=2004-06-30T00:00:00;steps=[10800');
      const problem = await waitForFrame(ui.view, /settings, part 2 "steps=\[10800": missing "\]"/);
      assert.doesNotMatch(problem, /-o segment/);
      ui.type(KEYS.enter);
      // Refused: still at the settings, the problem now also given as the answer to Enter.
      await waitForFrame(ui.view, /step 6 of 8[\s\S]*missing "\]"[\s\S]*missing "\]"/);
      ui.type(']\r');
      const review = await waitForFrame(
        ui.view,
        /New dataset "casa_review": 8 documents \(21080 values\)/,
      );
      assert.match(review, /model +SpatioTemporalMatrix via Grid4DMediator/);
      assert.match(review, /variable +casa_gfed_2004 \(2635x10\)/);
      assert.match(review, /title +Surface Carbon Flux {2}\(config file casagfed2004\.json\)/);
      assert.match(review, /timestamp +2004-06-30T00:00:00 {2}\(your settings\)/);
      assert.match(review, /precision +2 {2}\(SpatioTemporalMatrix default\)/);
      assert.match(review, /Enter start/);
    } finally {
      ui.unmount();
    }
  });

  it('checks a config file at its step, and goes on without one when the field is emptied', async () => {
    const ui = renderUi(server);
    try {
      await atNameStep(ui);
      ui.type('casa_noconfig\r');
      await waitForFrame(ui.view, /casagfed2004\.json can be used\./);
      ui.type(`\u0015${temp.path}/missing.json`);
      await waitForFrame(ui.view, /missing\.json: no such file/);
      ui.type(KEYS.enter);
      // Refused: still at the config file, the problem now also given as the answer to Enter.
      await waitForFrame(ui.view, /step 5 of 8[\s\S]*no such file[\s\S]*no such file/);
      ui.type('\u0015\rtimestamp=2004-06-30T00:00:00;title=Plain\r');
      const review = await waitForFrame(ui.view, /config +none/);
      assert.match(review, /title +Plain {2}\(your settings\)/);
    } finally {
      ui.unmount();
    }
  });

  it('loads with live progress and selects the new dataset in the list', async () => {
    const ui = renderUi(server);
    try {
      await atNameStep(ui);
      ui.type('casa_ui\r');
      await waitForFrame(ui.view, /casagfed2004\.json can be used\./);
      ui.type('\rtimestamp=2004-06-30T00:00:00\r');
      await waitForFrame(ui.view, /Enter start/);
      ui.type(KEYS.enter);
      const done = await waitForFrame(ui.view, /Upload complete! 8 documents \(21080 values\)/, {
        timeoutMs: 60_000,
      });
      // On FerretDB v1 the operator is told what the CLI says about coord_index.
      const info = await server.db.admin().command({ buildInfo: 1 });
      if (typeof info.ferretdbVersion === 'string')
        assert.match(done, /coord_index was stored with its \[x, y\] pairs packed/);
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /Loaded "casa_ui"\./);
      await waitForFrame(ui.view, /> casa_ui\s+8 grid/);
      await waitForFrame(ui.view, /title\s+Surface Carbon Flux/);
      assert.equal(await server.db.collection('casa_ui').countDocuments(), 8);
    } finally {
      ui.unmount();
    }
  });

  it('re-runs a load an earlier run left interrupted: the list and the review say so, and it loads', async () => {
    // A load of casagfed2004.mat into "casa_again" stopped after writing its documents, and
    // its process is gone (a pid above Linux's pid_max).
    const request = {
      path: `${FIXTURES}casagfed2004.mat`,
      model: 'SpatioTemporalMatrix',
      name: 'casa_again',
      overrides: 'timestamp=2004-06-30T00:00:00',
    };
    const files = { openDataFile: openDataFileAt, readText: readTextIfPresent };
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
      .collection<{ _id: string }>(JOURNAL_COLLECTION)
      .updateOne({ _id: 'casa_again' }, { $set: { pid: 2 ** 22 + 13 } });

    const ui = renderUi(server);
    try {
      await waitForFrame(
        ui.view,
        /! "casa_again" \(not in the list\): operation running or interrupted; see the audit \(a\)/,
      );
      await atNameStep(ui);
      ui.type('casa_again\r');
      await waitForFrame(ui.view, /can be used/);
      ui.type('\rtimestamp=2004-06-30T00:00:00\r');
      const review = await waitForFrame(ui.view, /Enter start/);
      // The notice is wrapped over lines, whole: read it as one paragraph.
      assert.match(
        review.replace(/\s*\n\s*/g, ' '),
        /An earlier load of "casa_again" \(pid \d+ on .*\) was interrupted; its leftover will be undone before this load starts\./,
      );
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /Upload complete! 8 documents/, { timeoutMs: 60_000 });
      await waitForFrame(ui.view, /Recovered an interrupted operation on "casa_again"/);
      assert.equal(await server.db.collection('casa_again').countDocuments(), 8);
      const leftovers = await server.db.listCollections({}, { nameOnly: true }).toArray();
      assert.deepEqual(
        leftovers.filter((info) => info.name.startsWith('_fluxmanage_stage')),
        [],
      );
    } finally {
      ui.unmount();
    }
  });

  it('Esc steps back through the steps and finally leaves the wizard', async () => {
    const ui = renderUi(server);
    try {
      await atNameStep(ui);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /step 3 of 8/);
      ui.type(`${KEYS.escape}${KEYS.escape}`);
      await waitForFrame(ui.view, /step 1 of 8/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /DATASET\s+RECORDS/);
    } finally {
      ui.unmount();
    }
  });
});
