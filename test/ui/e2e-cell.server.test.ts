import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { fixtureLoadArgs } from '#test/support/fixtureLoads.js';
import { useTestDatabase } from '#test/support/server.js';
import { pause } from '#test/support/ink.js';
import { TmuxTerminal, visible } from '#test/support/tmux.js';

/**
 * The preview's cell cursor in a real terminal at 80x24 without colour: `c` puts a character
 * on the map and the cell's line and sparkline under it (its series read over the server, on
 * FerretDB by the one pass that reads every document), and `l` moves the cell east.
 */
const server = useTestDatabase('uie2ecell');
let terminal: TmuxTerminal | null = null;

/** The cell's line under the map: "x -96.5  y 19.5  value ...". */
const cellOf = (screen: string) => {
  const found = /^x (\S+) {2}y (\S+) {2}(?:value|no value)/m.exec(screen);
  return found ? { x: Number(found[1]), y: Number(found[2]) } : null;
};

/** Waits for the cell's line to say what `wanted` looks for, its series drawn. */
async function waitForCell(
  on: TmuxTerminal,
  wanted: (cell: { x: number; y: number }) => boolean,
  ms = 30_000,
): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const screen = await on.screen();
    const cell = cellOf(screen);
    if (cell && wanted(cell) && /^min \S+ [▁▂▃▄▅▆▇█ ]{8} max \S+ *$/m.test(screen)) return screen;
    if (Date.now() > deadline) assert.fail(`the cell never moved as expected:\n${visible(screen)}`);
    await pause(50);
  }
}

describe('the cell cursor in a real terminal', () => {
  before(async () => {
    const loaded = await runFluxManage(
      fixtureLoadArgs('casagfed2004.mat', 'casa', '2004-06-30T00:00:00'),
      { env: server.env },
    );
    assert.equal(loaded.code, 0, loaded.stderr);
  });
  after(async () => {
    await terminal?.close();
  });

  it(
    'c shows the cell and its sparkline, l moves it east, NO_COLOR keeps it on the map, at 80x24 and 80x20',
    { timeout: 120_000 },
    async () => {
      terminal = await TmuxTerminal.open('cell', {
        columns: 80,
        rows: 24,
        env: { MONGODB_URI: server.uri, FLUX_DB: server.dbName, NO_COLOR: '1' },
      });
      await terminal.waitFor(/> casa\s+8 grid/);
      await terminal.send('p');
      await terminal.waitFor(/\(step 1 of 8\)/);
      assert.doesNotMatch(await terminal.screen(), /◆/);
      await terminal.send('c');
      // casagfed2004 has 8 steps: a sparkline of 8 characters between the min and the max.
      const shown = await terminal.waitFor(/^min \S+ [▁▂▃▄▅▆▇█ ]{8} max \S+ *$/m);
      assert.equal(shown.split('◆').length - 1, 1, 'one cursor on the map');
      const start = cellOf(shown);
      assert.ok(start, shown);
      // The step shown is marked in inverse video (an attribute, not a colour).
      // eslint-disable-next-line no-control-regex -- SGR sequences are what is checked
      assert.match(await terminal.styledScreen(), /^min \S+ \u001b\[7m[▁▂▃▄▅▆▇█ ]/m);
      await terminal.send('l');
      const next = await waitForCell(terminal, (cell) => cell.x !== start.x);
      const east = cellOf(next);
      assert.ok(east && east.x > start.x, next);
      assert.equal(east.y, start.y, 'on the same row');
      // The arrows still step through time, the cursor staying on its cell.
      await terminal.key('Right');
      const stepped = await terminal.waitFor(/\(step 2 of 8\)/);
      assert.deepEqual(cellOf(stepped), east);
      assert.match(stepped, /at step 2 of 8/);
      // The layout holds at 80x24: the status bar and the key line stay on their rows.
      const lines = stepped.split('\n');
      assert.match(lines[21] ?? '', /^ connected /);
      assert.match(lines[23] ?? '', /^← previous {2}→ next/);
      // And at 80x20, the smallest the UI is laid out for: the map gives up rows, not the lines.
      await terminal.tmux('resize-window', '-t', 'ui', '-x', '80', '-y', '20');
      const small = await terminal.waitFor(/^ connected .*\n.*\n← previous/m);
      const rows = small.split('\n');
      assert.match(rows[17] ?? '', /^ connected /);
      assert.match(small, /^min \S+ [▁▂▃▄▅▆▇█ ]{8} max \S+ *$/m);
      assert.deepEqual(cellOf(small), east);
      assert.equal(small.split('◆').length - 1, 1, 'one cursor on the map');
      await terminal.send('q');
      assert.equal(await terminal.exitCode(), 0);
    },
  );
});
