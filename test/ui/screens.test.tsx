import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { App } from '#ui/App.js';
import { makeTheme } from '#ui/theme.js';
import { loadSmallDataset, loadSmallObservations } from '#test/support/datasets.js';
import { KEYS, press, waitFor, type View } from '#test/support/ink.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('uiscreens');
const temp = useTempDir('uiscreens');

describe('audit, rename, remove and preview screens', () => {
  let view: View & { unmount(): void };

  before(async () => {
    await loadSmallDataset(server, temp.path, 'alpha', 3);
    await loadSmallObservations(server, temp.path, 'beta');
    await server.db.collection('metadata').insertOne({ _id: 'ghost', title: 'gone' } as never);
    await server.db.collection('_fluxmanage_stage_feed').insertOne({ a: 1 });
    const services = createUiServices(
      new MongoStore(server.db),
      'mongodb://127.0.0.1/',
      server.dbName,
    );
    view = render(<App services={services} theme={makeTheme({ NO_COLOR: '1' })} />);
    await waitFor(view, /beta\s+4/);
  });
  after(() => view.unmount());

  it('audit: findings grouped by kind; f repairs the selected one after a confirmation', async () => {
    await press(view, 'a');
    const report = await waitFor(view, /Stale entries \(1\)/);
    assert.match(
      report,
      /Leftovers of interrupted operations \(1\)\n\s+leftover collection "_fluxmanage_stage_feed"/,
    );
    assert.match(
      report,
      /Stale entries \(1\)\n\s+stale entry for collection ID "ghost" in metadata/,
    );
    // Groups come in a fixed order (missing, stale, leftovers, ...): the stale entry is first.
    await press(view, 'f');
    await waitFor(view, /Repair: stale entry for collection ID "ghost" in metadata\? \[y\/N\]/);
    await press(view, 'n');
    await waitFor(view, /f repair selected/);
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'ghost' as never }),
      1,
      'n: nothing done',
    );
    await press(view, 'j', 'f');
    await waitFor(
      view,
      /Repair: leftover collection "_fluxmanage_stage_feed" of an interrupted operation\?/,
    );
    await press(view, 'y');
    await waitFor(view, /FIXED: dropped "_fluxmanage_stage_feed"/);
    assert.equal(
      (await server.db.listCollections({ name: '_fluxmanage_stage_feed' }).toArray()).length,
      0,
    );
    await press(view, 'F');
    await waitFor(view, /Repair every finding that can be repaired\?/);
    await press(view, 'y');
    await waitFor(view, /No inconsistencies found!/);
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'ghost' as never }),
      0,
    );
    await press(view, KEYS.escape);
    await waitFor(view, /DATASET\s+RECORDS/);
  });

  it('preview: a gridded time step as a map with a legend; right steps through time', async () => {
    await press(view, 'p');
    const first = await waitFor(view, /values at 2004-06-30T00:00:00\s+\(1 of 3\)/);
    // Without colour the map is drawn with shade characters, and the legend spans min..max.
    assert.match(first, /[.:\-=+*#%@]/);
    assert.match(first, /0 \.:-=\+\*#%@ 22/);
    await press(view, KEYS.right);
    await waitFor(view, /values at 2004-06-30T03:00:00\s+\(2 of 3\)/);
    await press(view, KEYS.left, KEYS.left);
    await waitFor(view, /\(3 of 3\)/);
    await press(view, KEYS.escape);
    await waitFor(view, /DATASET\s+RECORDS/);
  });

  it('preview of vector data: the observations of one date as points', async () => {
    await press(view, 'j', 'p');
    const frame = await waitFor(view, /value at 2009-06-16T00:00:00\s+\(1 of 2\)/);
    assert.match(frame, /386\.1 .* 389\.4/);
    await press(view, KEYS.escape, 'k');
    await waitFor(view, /DATASET/);
  });

  it('rename: refuses an existing name as you type, then renames', async () => {
    await press(view, 'r');
    await waitFor(view, /Rename "alpha"/);
    view.stdin.write('beta');
    await waitFor(view, /"beta" already exists/);
    await press(view, KEYS.enter);
    await waitFor(view, /Rename "alpha"/);
    await press(view, '2', KEYS.enter);
    await waitFor(view, /Renamed "alpha" to "beta2"\./);
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'beta2' as never }),
      1,
    );
  });

  it("remove: only after the dataset's name is typed", async () => {
    await press(view, 'd');
    const dialog = await waitFor(view, /Remove "beta2" \(3 records\)/);
    assert.match(dialog, /Type the dataset's name to confirm/);
    view.stdin.write('beta');
    await waitFor(view, /does not match yet/);
    await press(view, KEYS.enter);
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'beta2' as never }),
      1,
      'not removed yet',
    );
    await press(view, '2', KEYS.enter);
    await waitFor(view, /Removed "beta2"\./);
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'beta2' as never }),
      0,
    );
  });
});
