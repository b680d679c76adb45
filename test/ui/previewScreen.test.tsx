import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { initialApp } from '#ui/model/app.js';
import type { PreviewState } from '#ui/model/preview.js';
import { PreviewView } from '#ui/screens/PreviewView.js';
import { makeTheme } from '#ui/theme.js';
import { loadInto } from '#test/support/fixtureLoads.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { KEYS, renderUi, waitForFrame } from '#test/support/ink.js';
import { python } from '#test/support/python.js';

/**
 * The preview screen on the UI's real services over an in-memory store. Expected values are
 * the fixture facts of test/fixtures/flux/README.md: casagfed2004 has 8 steps 3 hours apart,
 * its bbox is [-166.5, 10.5, -50.5, 69.5] on 1-degree cells and its config gives the units of
 * values as "&mu;mol/m&sup2;"; kriged_xco2 has one step, and statistics for values and errors.
 */
async function store(): Promise<MemoryStore> {
  const memory = new MemoryStore();
  await loadInto(memory, 'casa', 'casagfed2004.mat', 'SpatioTemporalMatrix', '2004-06-30T00:00:00');
  return loadInto(memory, 'kriged', 'kriged_xco2.mat', 'KrigedXCO2Matrix', '2009-06-15');
}

const ui = async () =>
  renderUi(createUiServices(await store(), 'memory://', 'fluxvis', 'memory://'));

describe('the preview screen over an in-memory store', () => {
  it("labels the map's edges and gives the legend its units", async () => {
    const screen = await ui();
    try {
      await waitForFrame(screen.view, /> casa\s+8 grid/);
      screen.type('p');
      const frame = await waitForFrame(screen.view, /\(step 1 of 8\)/);
      // The bbox of cell centres widened by half a cell: 167°W to 50°W, 10°N to 70°N.
      const lines = frame.split('\n');
      const map = lines.slice(
        2,
        lines.findIndex((line) => line.startsWith('167°W')),
      );
      assert.match(map[0] ?? '', / 70°N$/);
      assert.match(map.at(-1) ?? '', / 10°N$/);
      assert.match(frame, /^167°W +50°W$/m);
      assert.match(frame, /@ -?[\d.]+ μmol\/m² {2}scale: /);
    } finally {
      screen.unmount();
    }
  });

  it('goes to a typed step number or date, ten steps with PgDn, and back with Esc and j at once', async () => {
    const screen = await ui();
    try {
      await waitForFrame(screen.view, /> casa\s+8 grid/);
      screen.type('p');
      await waitForFrame(screen.view, /\(step 1 of 8\)/);
      screen.type('6');
      await waitForFrame(screen.view, /Go to step \(number or date\): 6/);
      screen.type(KEYS.enter);
      await waitForFrame(screen.view, /values at 2004-06-30T15:00:00 {2}\(step 6 of 8\)/);
      screen.type(`:2004-06-30 09${KEYS.enter}`);
      await waitForFrame(screen.view, /values at 2004-06-30T09:00:00 {2}\(step 4 of 8\)/);
      screen.type('\u001b[6~');
      await waitForFrame(screen.view, /values at 2004-06-30T21:00:00 {2}\(step 8 of 8\)/);
      screen.type('\u001bj');
      await waitForFrame(screen.view, [/DATASET\s+RECORDS/, /> kriged/]);
    } finally {
      screen.unmount();
    }
  });

  it("p shows a kriged dataset's errors, and its values again", async () => {
    const screen = await ui();
    try {
      await waitForFrame(screen.view, /> casa\s+8 grid/);
      screen.type('jp');
      const values = await waitForFrame(screen.view, /kriged {2}values at 2009-06-15T00:00:00/);
      screen.type('p');
      const errors = await waitForFrame(screen.view, /kriged {2}errors at 2009-06-15T00:00:00/);
      const legend = (frame: string) => /data (.+) to (.+)$/m.exec(frame)?.slice(1);
      assert.notDeepEqual(legend(errors), legend(values));
      screen.type('p');
      await waitForFrame(screen.view, /kriged {2}values at 2009-06-15T00:00:00/);
    } finally {
      screen.unmount();
    }
  });
});

describe('the cell cursor over an in-memory store', () => {
  it("c starts at the step's largest value with its series; l moves east on its row", async () => {
    // scipy reads the fixture: columns x, y, then a step a column (test/fixtures/flux/README.md);
    // values are stored rounded to 2 decimals with Python's round (the config's precision).
    const facts = await python<{
      start: [number, number, number];
      east: number;
      series: [number, number];
    }>(
      [
        'import scipy.io',
        "m = scipy.io.loadmat(data['file'])['casa_gfed_2004']",
        'row = max(range(len(m)), key=lambda i: (abs(round(m[i][2], 2)), -i))',
        'x, y = m[row][0], m[row][1]',
        'east = min(m[i][0] for i in range(len(m)) if m[i][1] == y and m[i][0] > x)',
        'steps = [round(m[row][k], 2) for k in range(2, 10)]',
        "g = lambda v: float('%.4g' % round(v, 2))",
        "emit({'start': [x, y, g(m[row][2])], 'east': east, 'series': [g(min(steps)), g(max(steps))]})",
      ].join('\n'),
      { file: `${FIXTURES}casagfed2004.mat` },
    );
    const screen = await ui();
    try {
      await waitForFrame(screen.view, /> casa\s+8 grid/);
      screen.type('p');
      await waitForFrame(screen.view, /\(step 1 of 8\)/);
      screen.type('c');
      const [x, y, value] = facts.start;
      const shown = await waitForFrame(screen.view, /min \S+ [▁▂▃▄▅▆▇█ ]+ max \S+/);
      assert.ok(shown.includes(`x ${x}  y ${y}  value ${value} μmol/m² at step 1 of 8`), shown);
      assert.ok(shown.includes('◆'), 'the cursor is on the map');
      const [, min, max] = /min (\S+) [▁▂▃▄▅▆▇█ ]+ max (\S+)/.exec(shown) ?? [];
      assert.deepEqual([Number(min), Number(max)], facts.series);
      screen.type('l');
      await waitForFrame(screen.view, new RegExp(`x ${facts.east}  y ${y}  value `));
    } finally {
      screen.unmount();
    }
  });
});

describe('the preview status line', () => {
  const app = initialApp('memory://', 'fluxvis', { columns: 100, rows: 30 });
  const base: PreviewState = {
    dataset: 'long',
    index: 2919,
    parameter: null,
    frame: null,
    reading: 7,
    progress: null,
    error: null,
    jump: null,
    cell: null,
  };
  const statusOf = (preview: PreviewState) => {
    const view = render(
      <PreviewView app={app} preview={preview} height={20} theme={makeTheme({ NO_COLOR: '1' })} />,
    );
    const line = view.lastFrame()?.split('\n')[1]?.trimEnd();
    view.unmount();
    return line;
  };

  it('counts the steps a read passes on its way, as the core reports them', () => {
    assert.equal(
      statusOf({ ...base, progress: { step: 1200, count: 2920 } }),
      'Reading step 1200 of 2920 to reach step 2920 (the server reads them in order)...',
    );
    assert.equal(statusOf(base), 'Reading...');
    assert.equal(statusOf({ ...base, reading: null, error: 'it failed' }), 'it failed');
  });
});
