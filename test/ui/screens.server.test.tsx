import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { storedPairs } from '#test/support/coordIndex.js';
import { loadFixture } from '#test/support/fixtureLoads.js';
import { python } from '#test/support/python.js';
import { loadSmallDataset, loadSmallObservations } from '#test/support/datasets.js';
import { KEYS, renderUi, waitForFrame } from '#test/support/ink.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('uiscreens');
const temp = useTempDir('uiscreens');

const metadataCount = (id: string) =>
  server.db.collection('metadata').countDocuments({ _id: id as never });

describe('audit, rename, remove and preview screens', () => {
  // The list, in order: alpha and beta are previewed, delta is renamed (to beta2, still the
  // third), omega is removed (the last; gamma, before it, is selected after). No test depends
  // on another having run, or not, before it.
  before(async () => {
    await loadSmallDataset(server, temp.path, 'alpha', 3);
    await loadSmallObservations(server, temp.path, 'beta');
    await loadSmallDataset(server, temp.path, 'delta', 1);
    await loadSmallDataset(server, temp.path, 'gamma', 2);
    await loadSmallDataset(server, temp.path, 'omega', 2);
  });

  it('audit: findings grouped by kind; f repairs the selected one after a confirmation', async () => {
    await server.db.collection('metadata').insertOne({ _id: 'ghost', title: 'gone' } as never);
    await server.db.collection('_fluxmanage_stage_feed').insertOne({ a: 1 });
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /beta\s+4/);
      ui.type('a');
      const report = await waitForFrame(ui.view, /Stale entries \(1\)/);
      assert.match(report, /Auditing|audit complete/i);
      assert.match(
        report,
        /Leftovers of interrupted operations \(1\)\n.*leftover collection "_fluxmanage_stage_feed"/,
      );
      assert.match(
        report,
        /Stale entries \(1\)\n> +stale entry for collection ID "ghost" in metadata/,
      );
      ui.type('f');
      await waitForFrame(
        ui.view,
        /Delete the metadata entry of "ghost", whose dataset is gone\? \[y\/N\]/,
      );
      ui.type('n');
      await waitForFrame(ui.view, /f repair/);
      assert.equal(await metadataCount('ghost'), 1, 'n: nothing done');
      ui.type('jf');
      await waitForFrame(
        ui.view,
        /Drop the leftover collection "_fluxmanage_stage_feed"\? \[y\/N\]/,
      );
      ui.type('y');
      // The repair is followed by a new audit; its result and the repair's are both shown.
      await waitForFrame(ui.view, /audit complete[\s\S]*FIXED: dropped "_fluxmanage_stage_feed"/);
      assert.equal(
        (await server.db.listCollections({ name: '_fluxmanage_stage_feed' }).toArray()).length,
        0,
      );
      ui.type('F');
      // F asks once; the list says what each repair will do.
      const plan = await waitForFrame(ui.view, /Make 1 repair as listed above/);
      assert.match(plan, /will delete the metadata entry of "ghost", whose dataset is gone/);
      ui.type('y');
      await waitForFrame(ui.view, /No inconsistencies found!/);
      assert.equal(await metadataCount('ghost'), 0);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /DATASET\s+RECORDS/);
    } finally {
      ui.unmount();
    }
  });

  it('preview: one step of a grid as a map with a legend; the arrows step through time', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /beta\s+4/);
      ui.type('p');
      const first = await waitForFrame(ui.view, /values at 2004-06-30T00:00:00 {2}\(step 1 of 3\)/);
      // Without colour the map is drawn with shade characters; the legend names its scale.
      assert.match(first, /[.:\-=+*#%@]/);
      assert.match(first, /\.:-=\+\*#%@ .* scale: (mean ± 2 std|min to max); data 0 to 22/);
      ui.type(KEYS.right);
      await waitForFrame(ui.view, /values at 2004-06-30T03:00:00 {2}\(step 2 of 3\)/);
      ui.type(`${KEYS.left}${KEYS.left}`);
      await waitForFrame(ui.view, [/\(step 1 of 3\)/, /This is the first step/]);
      ui.type('G');
      await waitForFrame(ui.view, /values at 2004-06-30T06:00:00 {2}\(step 3 of 3\)/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /DATASET\s+RECORDS/);
    } finally {
      ui.unmount();
    }
  });

  it('preview of observations: the points of one date, on one map for every date', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /beta\s+4/);
      ui.type('jp');
      const frame = await waitForFrame(ui.view, /value at 2009-06-16T00:00:00 {2}\(step 1 of 2\)/);
      assert.match(frame, /data 386\.1 to 389\.4/);
      const map = (text: string) => text.split('\n').slice(2, 20).join('\n');
      ui.type('l');
      const second = await waitForFrame(ui.view, /\(step 2 of 2\)/);
      // The two dates have their points in different places; the frame around them stays.
      assert.notEqual(map(second), map(frame));
    } finally {
      ui.unmount();
    }
  });

  it('rename: refuses an existing name as it is typed, then renames', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /beta\s+4/);
      ui.type('jjr');
      await waitForFrame(ui.view, /Rename "delta"/);
      ui.type('beta');
      await waitForFrame(ui.view, /"beta" already exists/);
      ui.type(KEYS.enter);
      // Refused: the dialog stays, the reason said once (it is under the name already).
      const screen = ui.store.getState().screen;
      assert.ok(screen.kind === 'rename' && screen.dialog.error === null && !screen.dialog.busy);
      const refused = await waitForFrame(ui.view, /Rename "delta"/);
      assert.equal(refused.split('"beta" already exists').length - 1, 1, refused);
      ui.type(`2${KEYS.enter}`);
      await waitForFrame(ui.view, /Renamed "delta" to "beta2"\./);
      await waitForFrame(ui.view, /> beta2/);
      assert.equal(await metadataCount('beta2'), 1);
      assert.equal(await metadataCount('delta'), 0);
    } finally {
      ui.unmount();
    }
  });

  it("remove: only after the dataset's name is typed; the neighbour is selected after", async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /omega\s+2/);
      ui.type('Gd');
      const dialog = await waitForFrame(ui.view, /Remove "omega" \(2 records\)/);
      assert.match(dialog, /Type the dataset's name to confirm/);
      ui.type('ome');
      await waitForFrame(ui.view, /does not match yet/);
      ui.type(KEYS.enter);
      await waitForFrame(ui.view, /type the dataset's name first/);
      assert.equal(await metadataCount('omega'), 1, 'not removed yet');
      ui.type(`ga${KEYS.enter}`);
      await waitForFrame(ui.view, /Removed "omega"\./);
      // omega was the last: the one before it is selected.
      await waitForFrame(ui.view, /> gamma/);
      assert.equal(await metadataCount('omega'), 0);
    } finally {
      ui.unmount();
    }
  });
});

describe('export from the UI', () => {
  it('x writes the dataset as its model file: scipy reads the grid and every step stored', async () => {
    await loadFixture(
      new MongoStore(server.db),
      'casagfed2004.mat',
      'casa_export',
      '2004-06-30T00:00:00',
    );
    const target = path.join(temp.path, 'casa_export.mat');
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /casa_export\s+8/);
      // The filter selects it; Ctrl-U clears the path offered.
      ui.type(`/casa_export${KEYS.enter}`);
      await waitForFrame(ui.view, /> casa_export/);
      ui.type(`x\u0015${target}${KEYS.enter}`);
      await waitForFrame(ui.view, /Exported "casa_export" \(8 documents\): 2 files/);
    } finally {
      ui.unmount();
    }
    // The oracle: scipy reads the file; the driver reads what the server stores.
    const read = await python<{ shape: number[]; columns: Array<Array<number | null>> }>(
      `
import scipy.io
variables = {k: v for k, v in scipy.io.loadmat(data['file']).items() if not k.startswith('__')}
(a,) = variables.values()
emit({'shape': list(a.shape), 'columns': [[float(x) for x in a[:, j]] for j in range(a.shape[1])]})
`,
      { file: target },
    );
    assert.deepEqual(read.shape, [2635, 10]);
    const index = await server.db
      .collection<{ _id: string; i: unknown }>('coord_index')
      .findOne({ _id: 'casa_export' });
    const pairs = storedPairs(index?.i);
    assert.deepEqual(
      read.columns[0],
      pairs.map(([x]) => x),
    );
    assert.deepEqual(
      read.columns[1],
      pairs.map(([, y]) => y),
    );
    const steps = await server.db.collection('casa_export').find({}).sort({ _id: 1 }).toArray();
    assert.equal(steps.length, 8);
    for (const [k, document] of steps.entries())
      assert.deepEqual(read.columns[2 + k], document.values as Array<number | null>, `step ${k}`);
    const config = JSON.parse(await fs.readFile(path.join(temp.path, 'casa_export.json'), 'utf8'));
    assert.equal(config.timestamp, '2004-06-30T00:00:00');
  });
});
