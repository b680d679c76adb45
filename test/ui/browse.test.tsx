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

const server = useTestDatabase('uibrowse');
const temp = useTempDir('uibrowse');

describe('the browse screen', () => {
  let view: View & { unmount(): void };

  before(async () => {
    await loadSmallDataset(server, temp.path, 'flux_a', 4);
    await loadSmallDataset(server, temp.path, 'flux_b', 2);
    await loadSmallObservations(server, temp.path, 'points');
    const services = createUiServices(
      new MongoStore(server.db),
      'mongodb://user:***@db.example/',
      server.dbName,
    );
    view = render(<App services={services} theme={makeTheme({ NO_COLOR: '1' })} />);
  });
  after(() => view.unmount());

  it("lists datasets with record count, kind and dates, and shows the selection's metadata", async () => {
    await waitFor(view, /points\s+4\s+vector/);
    const frame = await waitFor(view, /stats values:/);
    assert.match(frame, /flux_a\s+4\s+grid\s+2004-06-30 00:00\.\.09:00/);
    assert.match(frame, /flux_b\s+2\s+grid\s+2004-06-30 00:00\.\.03:00/);
    assert.match(frame, /points\s+4\s+vector\s+2009-06-16\.\.2009-06-17/);
    // The first dataset is selected: its metadata pane.
    assert.match(frame, /title\s+Small/);
    assert.match(frame, /steps\s+\[10800\]/);
    assert.match(frame, /stats values:/);
  });

  it('shows the server (password hidden), database, version and state in the status bar', async () => {
    const frame = await waitFor(view, /connected/);
    assert.match(
      frame,
      new RegExp(
        `mongodb://user:\\*\\*\\*@db\\.example/\\s+db ${server.dbName}\\s+(FerretDB|MongoDB)`,
      ),
    );
  });

  it('moves with j/k and the arrows; the pane follows', async () => {
    await press(view, 'j');
    await waitFor(view, /dates\s+2004-06-30T00:00:00\s*\n.*2004-06-30T03:00:00/); // flux_b
    await press(view, KEYS.down);
    await waitFor(view, /gridded\s+false/); // points
    await press(view, 'k', KEYS.up);
    await waitFor(view, /dates\s+2004-06-30T00:00:00\s*\n.*2004-06-30T09:00:00/); // flux_a
  });

  it('filters the list with /', async () => {
    await press(view, '/');
    await waitFor(view, /Filter:/); // (a frame's lines end without their trailing spaces)
    view.stdin.write('po');
    await waitFor(view, /Filter: po/);
    await press(view, KEYS.enter);
    const frame = await waitFor(view, /filter "po"/);
    assert.doesNotMatch(frame, /flux_a\s+4/);
    assert.match(frame, /points\s+4/);
    await press(view, KEYS.escape);
    await waitFor(view, /flux_a\s+4/);
  });

  it('shows the keys on ? and goes back on any key', async () => {
    await press(view, '?');
    const help = await waitFor(view, /flux-manage: keys/);
    assert.match(help, /d\s+remove the dataset \(asks first\)/);
    await press(view, 'x');
    await waitFor(view, /DATASET\s+RECORDS/);
  });

  it('fits its lines in the terminal width', async () => {
    const frame = await waitFor(view, /DATASET/);
    const widest = Math.max(...frame.split('\n').map((line) => [...line].length));
    assert.ok(widest <= 100, `a line is ${widest} wide`);
  });

  it('turns colour off with NO_COLOR', () => {
    assert.equal(makeTheme({ NO_COLOR: '1' }).color, false);
    assert.equal(makeTheme({ NO_COLOR: '1' }).accent, undefined);
    assert.equal(makeTheme({}).color, true);
  });
});
