import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { App } from '#ui/App.js';
import { makeTheme } from '#ui/theme.js';
import { loadSmallDataset } from '#test/support/datasets.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { KEYS, pause, press, waitFor, type View } from '#test/support/ink.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('uiwizard');
const temp = useTempDir('uiwizard');

describe('the load wizard', () => {
  let view: View & { unmount(): void };

  before(async () => {
    await loadSmallDataset(server, temp.path, 'taken', 2);
    const services = createUiServices(
      new MongoStore(server.db),
      'mongodb://127.0.0.1/',
      server.dbName,
    );
    view = render(<App services={services} theme={makeTheme({ NO_COLOR: '1' })} />);
    await waitFor(view, /taken\s+2/);
  });
  after(() => view.unmount());

  it("completes a path with Tab and lists the file's variables", async () => {
    await press(view, 'l');
    await waitFor(view, /step 1 of 8: path/);
    view.stdin.write(`${FIXTURES}casa`);
    await pause(100);
    await press(view, KEYS.tab);
    await waitFor(view, /casagfed2004\.json\s+casagfed2004\.mat/);
    await waitFor(view, /File \(\.mat, \.h5\): .*casagfed2004\./);
    await press(view, 'm', 'a', 't', KEYS.enter);
    const variables = await waitFor(view, /step 2 of 8: variable/);
    assert.match(variables, /casa_gfed_2004\s+double\s+2635x10/);
  });

  it('preselects the likeliest model, with one line about each', async () => {
    await press(view, KEYS.enter);
    const models = await waitFor(view, /step 3 of 8: model/);
    assert.match(models, /❯ SpatioTemporalMatrix: gridded time series/);
    assert.match(models, /KrigedXCO2Matrix: one kriged XCO2 field/);
  });

  it('checks the dataset name as it is typed: reserved, invalid, existing (append), new', async () => {
    await press(view, KEYS.enter);
    await waitFor(view, /step 4 of 8: name/);
    view.stdin.write('metadata');
    await waitFor(view, /"metadata" is reserved for the Carbon Data Explorer/);
    await press(view, ...Array(8).fill('\u007f'));
    view.stdin.write('a$b');
    await waitFor(view, /contains "\$"/);
    await press(view, KEYS.enter);
    await waitFor(view, /step 4 of 8: name/); // refused: still here
    await press(view, ...Array(3).fill('\u007f'));
    view.stdin.write('taken');
    await waitFor(view, /"taken" exists: the load will append to it/);
    await press(view, ...Array(5).fill('\u007f'));
    view.stdin.write('casa_ui');
    await waitFor(view, /a new dataset/);
  });

  it('fills in the sibling config and checks overrides as they are typed', async () => {
    await press(view, KEYS.enter);
    await waitFor(view, /Config file \(empty for none\): .*casagfed2004\.json/);
    await press(view, KEYS.enter);
    await waitFor(view, /step 6 of 8: overrides/);
    view.stdin.write('timestamp=2004-06-30T00:00:00;steps=[10800');
    await waitFor(view, /-o segment 2 "steps=\[10800": missing "\]"/);
    await press(view, KEYS.enter);
    await waitFor(view, /step 6 of 8: overrides/);
    await press(view, ']');
    await waitFor(view, /e\.g\. timestamp=/);
  });

  it('reviews the load: settings with where each came from, document count and metadata', async () => {
    await press(view, KEYS.enter);
    const review = await waitFor(view, /Enter starts the load/);
    assert.match(
      review,
      /New dataset "casa_ui": 8 documents \(21080 values\), SpatioTemporalMatrix via Grid4DMediator/,
    );
    assert.match(review, /title\s+Surface Carbon Flux\s+\(config file casagfed2004\.json\)/);
    assert.match(review, /timestamp\s+2004-06-30T00:00:00 \(-o\)/);
    assert.match(review, /precision\s+2 \(SpatioTemporalMatrix default\)/);
    assert.match(
      review,
      /Metadata: dates \["2004-06-30T00:00:00","2004-06-30T21:00:00"\]\s+bbox \[-166\.5,10\.5,-50\.5,69\.5\]/,
    );
  });

  it('loads with live progress and selects the new dataset in the list', async () => {
    await press(view, KEYS.enter);
    await waitFor(view, /Upload complete! 8 documents \(21080 values\)/, 60_000);
    await press(view, KEYS.enter);
    const list = await waitFor(view, /Loaded "casa_ui"\./);
    assert.match(list, /casa_ui\s+8\s+grid/);
    await waitFor(view, /title\s+Surface Carbon Flux/); // the new dataset is selected
    assert.equal(await server.db.collection('casa_ui').countDocuments(), 8);
  });

  it('Esc steps back and finally cancels', async () => {
    await press(view, 'l');
    await waitFor(view, /step 1 of 8: path/);
    await press(view, KEYS.escape);
    await waitFor(view, /Load cancelled\./);
  });
});
