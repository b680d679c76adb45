/**
 * x and v drawn by Ink over the UI's real services and an in-memory store, with real files:
 * an export written where it was asked (its figures against the files on disk), one
 * cancelled with Esc leaving nothing, and a verify of a dataset against the file it was
 * loaded from (equal) and with a setting that differs; and the verify result list drawn
 * without colour. Expected values: test/fixtures/flux/README.md (casagfed2004 has 8 steps),
 * the files' sizes from the file system, and reports written by hand.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import type { DataDocument } from '#core/mediators/types.js';
import type { ScanOptions } from '#core/store.js';
import { initialApp } from '#ui/model/app.js';
import type { VerifyState } from '#ui/model/verifyScreen.js';
import { VerifyView } from '#ui/screens/VerifyView.js';
import { makeTheme } from '#ui/theme.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { loadInto } from '#test/support/fixtureLoads.js';
import { KEYS, renderUi, waitForFrame } from '#test/support/ink.js';
import { useTempDir } from '#test/support/tempDir.js';
import { differingReport } from '#test/support/verifyReports.js';

const temp = useTempDir('export-ui');
const CTRL_U = '\u0015';

/** A store whose scans stop after their first document (to cancel mid-way) until `open`. */
class HeldStore extends MemoryStore {
  private gate: Promise<void> = Promise.resolve();
  open: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  override async *scanDocuments(
    collection: string,
    fields: string[],
    options?: ScanOptions,
  ): AsyncIterable<DataDocument> {
    let first = true;
    for await (const document of super.scanDocuments(collection, fields, options)) {
      yield document;
      if (first) await this.gate;
      first = false;
    }
  }
}

async function casaUi() {
  const store = new HeldStore();
  await loadInto(store, 'casa', 'casagfed2004.mat', 'SpatioTemporalMatrix', '2004-06-30T00:00:00');
  const screen = renderUi(createUiServices(store, 'memory://', 'fluxvis', 'memory://'));
  await waitForFrame(screen.view, /> casa\s+8 grid/);
  return { store, screen };
}

describe('x and v over an in-memory store', () => {
  it('exports to the path typed and tells the files, documents and bytes written', async () => {
    const { screen } = await casaUi();
    try {
      const folder = path.join(temp.path, 'done');
      await fs.mkdir(folder);
      screen.type('x');
      await waitForFrame(screen.view, /Export "casa"/);
      screen.type(`${CTRL_U}${folder}/casa.mat${KEYS.enter}`);
      const frame = await waitForFrame(screen.view, /Exported "casa"/);
      const sizes = await Promise.all(
        ['casa.json', 'casa.mat'].map(
          async (name) => (await fs.stat(path.join(folder, name))).size,
        ),
      );
      assert.deepEqual((await fs.readdir(folder)).sort(), ['casa.json', 'casa.mat']);
      const bytes = sizes.reduce((total, size) => total + size, 0);
      assert.match(
        frame.replace(/\s+/g, ' '),
        new RegExp(`Exported "casa" \\(8 documents\\): 2 files, ${bytes} bytes`),
      );
      assert.match(frame, /> casa\s+8 grid/, 'back on the list');
    } finally {
      screen.unmount();
    }
  });

  it('cancels with Esc while it reads, leaving no file and no partial folder', async () => {
    const { store, screen } = await casaUi();
    try {
      const folder = path.join(temp.path, 'cancelled');
      await fs.mkdir(folder);
      store.hold();
      screen.type(`x${CTRL_U}${folder}/casa.mat${KEYS.enter}`);
      await waitForFrame(screen.view, /Reading documents: 1 of 8/);
      screen.type(KEYS.escape);
      await waitForFrame(screen.view, /Cancelling: removing what was written/);
      store.open();
      await waitForFrame(screen.view, /Export cancelled: nothing was written\./);
      assert.deepEqual(await fs.readdir(folder), []);
    } finally {
      screen.unmount();
    }
  });

  it('verifies the dataset against the file it was loaded from: equal; another title differs', async () => {
    const { screen } = await casaUi();
    const through = async (settings: string) => {
      screen.type('v');
      // One file: no pattern is offered.
      await waitForFrame(
        screen.view,
        /Verify "casa" against a file — step 1 of 5: the file\nFile:.*\n.*Enter opens the file to compare with "casa"/,
      );
      screen.type(`${FIXTURES}casagfed2004.mat${KEYS.enter}`);
      await waitForFrame(screen.view, /step 2 of 5: the variable/);
      screen.type(KEYS.enter);
      // The model that stored casa is offered.
      await waitForFrame(
        screen.view,
        /step 3 of 5: the model\n.*the dataset's is selected:\n> SpatioTemporalMatrix/,
      );
      screen.type(KEYS.enter);
      await waitForFrame(screen.view, /step 4 of 5: the config file[\s\S]*casagfed2004\.json/);
      screen.type(KEYS.enter);
      await waitForFrame(screen.view, /step 5 of 5: settings/);
      screen.type(`${settings}${KEYS.enter}`);
    };
    try {
      await through('timestamp=2004-06-30T00:00:00');
      const equal = await waitForFrame(screen.view, /EQUAL: what /);
      assert.match(equal, /Times: 8 in the file, 8 compared, 0 only in the dataset/);
      assert.match(equal, /Values: \d+ compared, 0 differ/);
      screen.type(KEYS.escape);
      await waitForFrame(screen.view, /> casa\s+8 grid/);
      await through('timestamp=2004-06-30T00:00:00;title=Other');
      const differs = await waitForFrame(screen.view, /DIFFERS: /);
      assert.match(differs, /> metadata title: stored "[^"]*", file "Other"/);
    } finally {
      screen.unmount();
    }
  });
});

const REPORT = differingReport({
  dataset: 'casa',
  file: 'casa.mat',
  times: { inFile: 8, compared: 6, onlyInDataset: 2 },
  valuesCompared: 15_810,
});

function drawn(verify: VerifyState): string {
  const app = initialApp('memory://', 'fluxvis', { columns: 80, rows: 24 });
  const view = render(
    <VerifyView app={app} verify={verify} height={18} theme={makeTheme({ NO_COLOR: '1' })} />,
  );
  const frame = view.lastFrame() ?? '';
  view.unmount();
  return frame;
}

const state = (extra: Partial<VerifyState>): VerifyState => ({
  name: 'casa',
  file: 'casa.mat',
  sequence: 1,
  status: 'done',
  progress: null,
  report: REPORT,
  error: null,
  selected: 1,
  ...extra,
});

describe('the verify result list, without colour', () => {
  it('says DIFFERS in words, the counts, every difference, and the selected one whole', () => {
    const frame = drawn(state({}));
    const lines = frame.split('\n').map((line) => line.trimEnd());
    assert.equal(lines[1], 'DIFFERS: casa.mat against "casa": 2 values differ');
    assert.ok(
      lines.includes('Times: 8 in the file, 6 compared, 2 only in the dataset (not compared)'),
    );
    assert.ok(lines.includes('Values: 15810 compared, 2 differ'));
    // The selection is marked by a character, not only by colour.
    assert.ok(
      lines.includes('  2004-06-30T03:00:00 values cell 17 (-150.5, 60.5): stored 0.25, file 0.5'),
      frame,
    );
    assert.ok(
      lines.some((line) =>
        /^> 2004-06-30T06:00:00 values cell 3 \(-120\.5, 30\.5\): stored null, file 1/.test(line),
      ),
    );
    assert.ok(lines.includes(' time 2004-06-30T06:00:00  parameter values'));
    assert.ok(lines.includes(' cell index 3  x -120.5  y 30.5'));
    assert.ok(lines.includes(' stored value null  file value 1'));
  });

  it('says EQUAL, and COULD NOT COMPARE with its error whole over lines', () => {
    const equal = drawn(
      state({ report: { ...REPORT, valuesDiffering: 0, differences: [], equal: true } }),
    );
    assert.match(equal, /EQUAL: what casa\.mat would store is what "casa" holds/);
    assert.match(equal, /No differences\./);
    const why =
      'casa.mat: the variable casa_gfed_2004 is 2635x10, but casa was stored from a grid of 14210 cells; this is the end of the message';
    const failed = drawn(state({ status: 'failed', report: null, error: why }));
    const joined = failed
      .split('\n')
      .map((line) => line.trim())
      .join(' ');
    assert.ok(joined.includes(`COULD NOT COMPARE: ${why}`), joined);
  });
});
