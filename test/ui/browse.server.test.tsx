import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadSmallDataset, loadSmallObservations } from '#test/support/datasets.js';
import { KEYS, renderUi, waitForFrame, waitUntil } from '#test/support/ink.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('uibrowse');
const temp = useTempDir('uibrowse');

describe('the browse screen', () => {
  before(async () => {
    await loadSmallDataset(server, temp.path, 'flux_a', 4);
    await loadSmallDataset(server, temp.path, 'flux_b', 2);
    await loadSmallObservations(server, temp.path, 'points');
  });

  it("lists datasets with record count, kind and dates, and shows the selection's metadata", async () => {
    const ui = renderUi(server);
    try {
      // The list and the selection's metadata (read after the list) in one frame.
      const frame = await waitForFrame(ui.view, [/points\s+4 vector/, /stats values:/]);
      assert.match(frame, /> flux_a\s+4 grid\s+2004-06-30 00:00\.\.09:00/);
      assert.match(frame, / {2}flux_b\s+2 grid\s+2004-06-30 00:00\.\.03:00/);
      assert.match(frame, /points\s+4 vector\s+2009-06-16\.\.2009-06-17/);
      // The first dataset is selected: its metadata pane.
      assert.match(frame, /title\s+Small/);
      assert.match(frame, /steps\s+\[10800\]/);
      assert.match(frame, /stats values:/);
    } finally {
      ui.unmount();
    }
  });

  it('shows the state, server (password hidden), database and version in the status bar', async () => {
    const ui = renderUi(server);
    try {
      // The version comes with the server's answer, after the state: wait for the whole bar.
      await waitForFrame(
        ui.view,
        new RegExp(
          `connected {2}mongodb://127\\.0\\.0\\.1/ {2}db ${server.dbName} {2}(FerretDB|MongoDB)`,
        ),
      );
    } finally {
      ui.unmount();
    }
  });

  it('moves once per key, keys sent together included; the pane follows', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /points\s+4/);
      ui.type('jj');
      await waitForFrame(ui.view, /> points/);
      await waitForFrame(ui.view, /gridded\s+false/);
      ui.type(`k${KEYS.up}`);
      const frame = await waitForFrame(ui.view, /> flux_a/);
      assert.match(frame, /dates\s+2004-06-30T00:00:00\s*\n.*2004-06-30T09:00:00/);
    } finally {
      ui.unmount();
    }
  });

  it('filters the list with / as it is typed; Esc clears the filter', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /points\s+4/);
      ui.type('/po');
      await waitForFrame(ui.view, /Filter: po/);
      ui.type(KEYS.enter);
      const frame = await waitForFrame(ui.view, /po {2}\(\/ edits, Esc clears\)/);
      assert.doesNotMatch(frame, /flux_a\s+4/);
      assert.match(frame, /> points\s+4/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /flux_a\s+4/);
    } finally {
      ui.unmount();
    }
  });

  it('shows the keys of the screen on ? and closes on Esc', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /points\s+4/);
      ui.type('?');
      const help = await waitForFrame(ui.view, /Keys of this screen/);
      assert.match(help, /d\s+remove the dataset \(asks first\)/);
      assert.match(help, /Esc close/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /DATASET\s+RECORDS/);
    } finally {
      ui.unmount();
    }
  });

  it('fits every line in the terminal width, and marks the selection without colour', async () => {
    const ui = renderUi(server);
    try {
      const frame = await waitForFrame(ui.view, /points\s+4/);
      const widest = Math.max(...frame.split('\n').map((line) => [...line].length));
      assert.ok(widest <= 100, `a line is ${widest} wide`);
      assert.equal(frame.split('\n').length, 30, 'the frame is exactly the terminal height');
      assert.match(frame, /^> flux_a/m);
    } finally {
      ui.unmount();
    }
  });

  it('quits with 0 on q and with 130 on Ctrl-C', async () => {
    const ui = renderUi(server);
    try {
      await waitForFrame(ui.view, /points\s+4/);
      ui.type('q');
      ui.type(KEYS.ctrlC);
      await waitUntil(() => ui.exits.length >= 2, { what: 'an exit for each of the two keys' });
      assert.deepEqual(ui.exits, [0, 130]);
    } finally {
      ui.unmount();
    }
  });
});
