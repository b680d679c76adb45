import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { loadFixture } from '#test/support/fixtureLoads.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { TmuxTerminal } from '#test/support/tmux.js';

/**
 * x and v in a real terminal at 80x24 without colour, as over SSH: a path and its Enter in one
 * write, the verdict in words, Esc and the next key in one write, Ctrl-C on the export's prompt.
 * Expected facts: test/fixtures/flux/README.md (casagfed2004 has 8 time steps).
 */
const server = useTestDatabase('uiexporte2e');
const temp = useTempDir('uiexporte2e');
const ESC = '\u001b';
const CTRL_U = '\u0015';

let terminal: TmuxTerminal | null = null;

describe('export and verify in a real terminal', () => {
  before(async () => {
    await loadFixture(new MongoStore(server.db), 'casagfed2004.mat', 'casa', '2004-06-30T00:00:00');
  });
  after(async () => {
    await terminal?.close();
  });

  it(
    'exports, verifies the export equal, and quits with Ctrl-C from the prompt',
    { timeout: 120_000 },
    async () => {
      terminal = await TmuxTerminal.open('export', {
        columns: 80,
        rows: 24,
        env: {
          MONGODB_URI: server.env.MONGODB_URI ?? '',
          FLUX_DB: server.env.FLUX_DB ?? '',
          NO_COLOR: '1',
        },
      });
      await terminal.waitFor(/> casa +8 grid/);
      await terminal.send(`x${CTRL_U}${temp.path}/casa.mat\r`);
      await terminal.waitFor(/Exported "casa" \(8 documents\): 2 files/);
      assert.deepEqual((await fs.readdir(temp.path)).sort(), ['casa.json', 'casa.mat']);
      await terminal.send('v');
      await terminal.waitFor(/Verify "casa" against a file — step 1 of 5: the file/);
      await terminal.send(`${temp.path}/casa.mat\r`);
      await terminal.waitFor(/step 2 of 5: the variable/);
      await terminal.send('\r');
      await terminal.waitFor(/step 3 of 5: the model/);
      await terminal.send('\r');
      await terminal.waitFor(/step 4 of 5: the config file[\s\S]*casa\.json can be used/);
      await terminal.send('\r');
      await terminal.waitFor(/step 5 of 5: settings/);
      // The exported config holds the timestamp: no setting is needed.
      await terminal.send('\r');
      const verdict = await terminal.waitFor(/EQUAL: what /);
      assert.match(verdict, /Times: 8 in the file, 8 compared, 0 only in the dataset/);
      // Esc and x in one write: back to the list, then the export's prompt.
      await terminal.send(`${ESC}x`);
      await terminal.waitFor(/Export "casa"\n/);
      await terminal.send('\u0003');
      assert.equal(await terminal.exitCode(), 130);
    },
  );
});
