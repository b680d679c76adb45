/**
 * A running load's clock ticks once a second while no progress event comes (FerretDB's first
 * backup batch can take half a minute), and stops when the load ends. The store over services
 * whose load the test holds and lets go; time is node's mock clock, moved by hand.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import type { LoadReview } from '#core/operations/load/review.js';
import { UiStore } from '#ui/runtime/store.js';
import type { LoadOutcome, UiServices } from '#ui/services.js';
import { KeyDecoder } from '#ui/terminal/keys.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

function heldLoad() {
  let letGo: (outcome: LoadOutcome) => void = () => undefined;
  const outcome = {
    result: {
      dataset: 'casa',
      mode: 'new',
      dryRun: false,
      written: { documents: 8, values: 21080, bytes: 0 },
      skipped: [],
      replaced: [],
      recovered: null,
      elapsedMs: 5000,
    },
    notices: [],
  } as unknown as LoadOutcome;
  const services = {
    server: 'memory://',
    database: 'fluxvis',
    listDatasets: () => Promise.resolve({ rows: [], held: [] }),
    serverInfo: () => Promise.resolve({ version: '7.0.0', engine: 'mongodb', nestedArrays: true }),
    metadata: () => Promise.resolve(null),
    inspectFile: () =>
      Promise.resolve({
        format: 'mat5',
        description: 'MATLAB 5.0 MAT-file',
        variables: [{ name: 'casa_gfed_2004', class: 'double', shape: [2635, 10], loadable: true }],
      }),
    checkName: () => Promise.resolve({ ok: true, exists: false }),
    siblingConfig: () => Promise.resolve(null),
    checkConfig: () => Promise.resolve(null),
    review: () =>
      // Only what the review step reads of a dry run.
      Promise.resolve({
        mode: 'new',
        warnings: [],
        checks: [],
        settings: [],
        metadata: {},
      } as unknown as LoadReview),
    load: () =>
      new Promise<LoadOutcome>((resolve) => {
        letGo = resolve;
      }),
  } as unknown as UiServices;
  return { services, letGo: () => letGo(outcome) };
}

describe('the clock of a running load', () => {
  afterEach(() => mock.timers.reset());

  it('ticks every second from the start while nothing is reported, and stops at the end', async () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 });
    const { services, letGo } = heldLoad();
    const store = new UiStore(services, { columns: 80, rows: 24 }, () => undefined);
    const decoder = new KeyDecoder();
    const type = async (raw: string) => {
      store.dispatch(...decoder.push(raw).map((key) => ({ type: 'key' as const, key })));
      await settled();
    };
    try {
      store.start();
      await settled();
      await type('l/data/casagfed2004.mat\r');
      await type('\r\rcasa\r');
      await type('\r');
      await type('\r'); // no settings; the review answers
      const screen = store.getState().screen;
      assert.ok(screen.kind === 'load' && screen.wizard.review?.status === 'ready');
      await type('\r'); // the load starts, and is held
      const run = () => store.getState().loads.casa?.run;
      const elapsed = () => {
        const now = run();
        return now?.status === 'running' ? now.elapsedMs : null;
      };
      assert.deepEqual(run(), {
        status: 'running',
        progress: null,
        cancelling: false,
        elapsedMs: 0,
      });
      mock.timers.tick(1000);
      assert.equal(elapsed(), 1000);
      mock.timers.tick(1000);
      mock.timers.tick(1000);
      assert.equal(elapsed(), 3000);
      letGo();
      await settled();
      assert.equal(run()?.status, 'done');
      let drawn = 0;
      store.subscribe(() => drawn++);
      mock.timers.tick(5000);
      assert.equal(drawn, 0, 'no tick after the end');
    } finally {
      store.close();
    }
  });
});
