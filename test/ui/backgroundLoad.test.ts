/**
 * A load belongs to the app, not to the wizard's screen: it runs on while the operator browses,
 * its row and the pane show every phase with a clock counting from its start, its end is told
 * on the message line and kept in the log, and what would conflict with it is refused, saying
 * why. The UI model alone (no Ink, no server); expected figures are worked out by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FluxError } from '#core/errors.js';
import type { LoadProgress } from '#core/operations/load/execute.js';
import { visibleRows } from '#ui/model/browse.js';
import { loadBadge, loadLines } from '#ui/model/loadLines.js';
import type { LoadRun } from '#ui/model/loads.js';
import type { Screen } from '#ui/model/types.js';
import type { LoadOutcome } from '#ui/services.js';
import { listOf, throughWizard, type ModelDriver } from '#test/support/uiModel.js';

const ESC = '\u001b';
const CTRL_C = '\u0003';

/** A load of casagfed2004.mat into `name`, started from its review. */
function started(name = 'casa2', datasets = ['casa', 'kriged']): ModelDriver {
  const driver = listOf(datasets);
  throughWizard(driver, name, datasets.includes(name));
  driver.type('\r');
  assert.equal(driver.last('load').request.name, name);
  return driver;
}

/** The screen in front, read afresh (an assertion on it does not narrow later reads). */
const screenOf = (driver: ModelDriver): Screen => driver.state.screen;

const runOf = (driver: ModelDriver, name = 'casa2'): LoadRun => {
  const job = driver.state.loads[name];
  if (!job) throw new Error(`no load of ${name}`);
  return job.run;
};

const texts = (run: LoadRun, width = 60) => loadLines(run, width).map((line) => line.text);

function outcome(name: string, elapsedMs: number, notices: string[] = []): LoadOutcome {
  return {
    result: {
      dataset: name,
      mode: 'new',
      dryRun: false,
      documents: 8,
      values: 21080,
      written: { documents: 8, values: 21080, bytes: 0 },
      warnings: [],
      skipped: [],
      replaced: [],
      metadata: { _id: name },
      recovered: null,
      pendingRecovery: null,
      elapsedMs,
    },
    notices,
  };
}

const running = (progress: LoadProgress | null, cancelling = false, elapsedMs = 0): LoadRun => ({
  status: 'running',
  progress,
  cancelling,
  elapsedMs,
});

describe('a load in the background', () => {
  it('Enter leaves its screen for the list, where its row and the pane show where it is', () => {
    const driver = started();
    assert.equal(driver.state.screen.kind, 'load');
    driver.type('\r');
    assert.equal(driver.state.screen.kind, 'browse');
    // A new dataset is not listed until its load commits: its row is there meanwhile, selected.
    assert.deepEqual(
      visibleRows(driver.state).map((row) => row.name),
      ['casa', 'kriged', 'casa2'],
    );
    assert.equal(driver.state.browse.selected, 'casa2');
    assert.match(driver.state.message?.text ?? '', /The load of "casa2" goes on/);
    driver.send({
      type: 'loadProgress',
      name: 'casa2',
      progress: { phase: 'backing-up', copied: 3, total: 8, sinceStartMs: 31_000 },
    });
    // 3 of 8 is 37.5%, shown rounded down.
    assert.deepEqual(loadBadge(runOf(driver), 14), { text: 'backup 37%', tone: 'warning' });
    assert.deepEqual(loadBadge(runOf(driver), 7), { text: '37%', tone: 'warning' });
    const lines = texts(runOf(driver));
    assert.equal(lines[0], 'Backing up the times it replaces: 3/8 documents');
    assert.match(lines[1] ?? '', /^\[#+\.+\] 37%$/);
    assert.equal(lines[2], 'elapsed 0:31');
    // The list goes on: moving, and another dataset's metadata.
    driver.type('gj');
    assert.equal(driver.state.browse.selected, 'kriged');
    // l on the row of the load shows the load again.
    driver.type('G');
    driver.type('l');
    const shown = screenOf(driver);
    assert.ok(shown.kind === 'load' && shown.wizard.step === 'load');
  });

  it('counts the time from the start, and keeps counting while no event comes', () => {
    const driver = started();
    driver.send({ type: 'loadClock', name: 'casa2', elapsedMs: 45_000 });
    assert.equal(texts(runOf(driver)).at(-1), 'elapsed 0:45');
    assert.equal(texts(runOf(driver))[0], 'Starting: reading the file and planning the load...');
    // An event measured before the tick does not turn the clock back.
    driver.send({
      type: 'loadProgress',
      name: 'casa2',
      progress: { phase: 'removing-replaced', total: 8, sinceStartMs: 40_000 },
    });
    assert.deepEqual(texts(runOf(driver)), ['Removing the 8 replaced times', 'elapsed 0:45']);
    driver.send({ type: 'loadClock', name: 'casa2', elapsedMs: 61_000 });
    assert.equal(texts(runOf(driver)).at(-1), 'elapsed 1:01');
  });

  it('shows every phase with its progress', () => {
    // Writing 2 of 8 documents (5270 values) in its own 2 s, 40 s after the start: 25%,
    // 1 document/s, 2635 values/s, and 3 times 2 s left.
    assert.deepEqual(
      texts(
        running({
          phase: 'writing',
          documents: 2,
          totalDocuments: 8,
          values: 5270,
          bytes: 0,
          elapsedMs: 2000,
          sinceStartMs: 40_000,
        }),
      ).slice(1),
      ['2 of 8 documents   1 documents/s   2635 values/s', 'elapsed 0:40   ETA 0:06'],
    );
    assert.deepEqual(texts(running({ phase: 'statistics', sinceStartMs: 75_000 })), [
      'Computing statistics...',
      'elapsed 1:15',
    ]);
    assert.deepEqual(texts(running({ phase: 'committing', sinceStartMs: 0 }, false, 3_600_000)), [
      'Committing...',
      'elapsed 1:00:00',
    ]);
    // Cancelled while overwriting: the undo restores the replaced times, counted.
    const undoing = texts(
      running(
        {
          phase: 'undoing',
          detail: 'restoring the replaced times',
          done: 2,
          total: 8,
          sinceStartMs: 90_000,
        },
        true,
        95_000,
      ),
    );
    assert.equal(undoing[0], 'Cancelling: the load stops and undoes what it wrote.');
    assert.equal(undoing[1], 'Undoing: restoring the replaced times 2/8');
    assert.match(undoing[2] ?? '', /^\[#+\.+\] 25%$/);
    assert.equal(undoing[3], 'elapsed 1:35');
    assert.deepEqual(loadBadge(running(null, true), 14).text, 'cancelling');
  });

  it('tells its end on the message line and keeps it in the log; the list is read again', () => {
    const driver = started();
    driver.type('\r');
    const effects = driver.send({
      type: 'loaded',
      name: 'casa2',
      outcome: outcome('casa2', 3200, ['this server is FerretDB v1.24.2: coord_index ...']),
    });
    assert.deepEqual(effects, [{ type: 'listDatasets' }]);
    // 3.2 s is 0:03; the notice follows the figures, as a sentence.
    const told =
      'Loaded "casa2": 8 documents (21080 values) in 0:03. This server is FerretDB v1.24.2: coord_index ...';
    assert.deepEqual(driver.state.message, { text: told, tone: 'success' });
    assert.deepEqual(driver.state.log.at(-1), { text: told, tone: 'success', count: 1 });
    assert.equal(driver.state.loads.casa2, undefined, 'nothing is left to show');
  });

  it('shows its end on its screen when it is in front, and keeps it in the log', () => {
    const driver = started();
    driver.send({ type: 'loaded', name: 'casa2', outcome: outcome('casa2', 700) });
    assert.equal(texts(runOf(driver))[0], 'Upload complete! 8 documents (21080 values) in 0.7 s.');
    assert.equal(
      driver.state.log.at(-1)?.text,
      'Loaded "casa2": 8 documents (21080 values) in 0:01.',
    );
    driver.type('\r');
    assert.equal(driver.state.screen.kind, 'browse');
    assert.equal(driver.state.browse.selected, 'casa2');
    assert.equal(driver.state.message?.text, 'Loaded "casa2".');
    assert.equal(
      driver.state.log.length,
      new Set(driver.state.log.map((entry) => entry.text)).size,
    );
    assert.ok(!driver.state.log.some((entry) => entry.text === 'Loaded "casa2".'), 'said once');
  });

  it('after a failure away from its screen: its row says so, l shows it, Esc goes back to the review with every answer', () => {
    const driver = started();
    driver.type('\r'); // to the list
    driver.send({
      type: 'failed',
      effect: 'load',
      dataset: 'casa2',
      error: new FluxError('data', 'config file: "timestamp" is not an ISO 8601 date'),
    });
    assert.equal(
      driver.state.message?.text,
      'The load of "casa2" failed: config file: "timestamp" is not an ISO 8601 date. l on its row goes back to its review.',
    );
    assert.deepEqual(loadBadge(runOf(driver), 14), { text: 'load failed', tone: 'error' });
    // Its row is no dataset yet: nothing but l can be done with it.
    driver.type('p');
    assert.equal(
      driver.state.message?.text,
      '"casa2" is not in the database: its load did not finish (l shows it)',
    );
    driver.type('l');
    assert.equal(driver.state.loads.casa2?.run.status, 'failed');
    const reviews = driver.effects.filter((effect) => effect.type === 'review').length;
    driver.type(ESC);
    const screen = screenOf(driver);
    assert.ok(screen.kind === 'load' && screen.wizard.step === 'review');
    assert.equal(screen.wizard.path.value, '/data/casagfed2004.mat');
    assert.equal(screen.wizard.name.value, 'casa2');
    assert.equal(screen.wizard.overrides.value, 'timestamp=2004-06-30T00:00:00');
    assert.equal(driver.state.loads.casa2, undefined);
    // Checked again (the dry run), then Enter loads again, with the same request.
    assert.equal(driver.effects.filter((effect) => effect.type === 'review').length, reviews + 1);
    const first = driver.last('load').request;
    driver.send({
      type: 'reviewed',
      sequence: driver.last('review').sequence,
      review: { mode: 'new', warnings: [], checks: [], settings: [], metadata: {} } as never,
    });
    driver.type('\r');
    assert.equal(driver.effects.filter((effect) => effect.type === 'load').length, 2);
    assert.deepEqual(driver.last('load').request, first);
  });

  it('after a cancel, Esc goes back to the review with every answer kept', () => {
    const driver = started();
    driver.type(ESC);
    assert.deepEqual(driver.last('cancelLoad'), { type: 'cancelLoad', name: 'casa2' });
    assert.match(texts(runOf(driver))[0] ?? '', /^Cancelling/);
    driver.send({ type: 'loadCancelled', name: 'casa2' });
    assert.equal(
      driver.state.log.at(-1)?.text,
      'The load of "casa2" was cancelled; it undid what it had written.',
    );
    driver.type(ESC);
    const screen = screenOf(driver);
    assert.ok(screen.kind === 'load' && screen.wizard.step === 'review');
    assert.equal(screen.wizard.name.value, 'casa2');
    assert.equal(screen.wizard.overrides.value, 'timestamp=2004-06-30T00:00:00');
  });

  it('refuses what would conflict with it, saying why, and nothing else', () => {
    const driver = started('casa');
    driver.type('\r'); // to the list, casa selected
    const why =
      'a load of "casa" is running: wait for it to end, or cancel it (l on its row, then Esc)';
    for (const key of ['r', 'd', 'p']) {
      driver.type(key);
      assert.equal(driver.state.screen.kind, 'browse', key);
      assert.equal(driver.state.message?.text, why, key);
    }
    // A second load of it (l on another row: on its own, l shows its load) is refused at its
    // review, before anything is asked of the server.
    driver.type('gj');
    throughWizard(driver, 'casa', true);
    const loads = driver.effects.filter((effect) => effect.type === 'load').length;
    driver.type('\r');
    assert.equal(driver.effects.filter((effect) => effect.type === 'load').length, loads);
    assert.equal(driver.state.message?.text, why);
    // Another dataset: previewed, renamed, but not to the name being loaded.
    driver.type(`${ESC}`.repeat(7));
    assert.equal(driver.state.screen.kind, 'browse');
    driver.type('gj');
    assert.equal(driver.state.browse.selected, 'kriged');
    driver.type('p');
    assert.equal(driver.state.screen.kind, 'preview');
    driver.type(ESC);
    driver.type('rcasa');
    driver.send({ type: 'nameChecked', name: 'casa', check: { ok: true, exists: false } });
    driver.type('\r');
    const rename = screenOf(driver);
    assert.ok(rename.kind === 'rename' && rename.dialog.error === why);
    assert.ok(!driver.effects.some((effect) => effect.type === 'rename'));
  });

  it('q is refused while it runs; Ctrl-C cancels it and quits once it is undone', () => {
    const driver = started();
    driver.type('\r');
    assert.deepEqual(driver.type('q'), []);
    assert.match(driver.state.message?.text ?? '', /^a load is running: cancel it first/);
    assert.deepEqual(driver.type(CTRL_C), [{ type: 'cancelLoad', name: 'casa2' }]);
    assert.equal(
      driver.state.message?.text,
      'Cancelling the load before quitting (it undoes what it wrote); Ctrl-C again quits at once',
    );
    assert.deepEqual(driver.send({ type: 'loadCancelled', name: 'casa2' }), [
      { type: 'listDatasets' },
      { type: 'exit', code: 130 },
    ]);
  });

  it('a failed load says that it failed once, and its advice once', () => {
    const failed: LoadRun = {
      status: 'failed',
      connection: true,
      text: 'the load failed: write EPIPE; the partial load could not be undone (connection closed): once the server is reachable, repair it from the audit (a), or run the load again',
    };
    const all = texts(failed, 200).join('\n');
    assert.equal(all.match(/load failed/gi)?.length, 1, all);
    assert.equal(all.match(/audit \(a\)/g)?.length, 1, all);
    const undone = texts(
      { status: 'failed', connection: false, text: 'the grid differs from the dataset' },
      200,
    );
    assert.deepEqual(undone, [
      'The load failed: the grid differs from the dataset',
      'Nothing was kept: the load undid what it had written.',
      'Esc goes back to the review, every answer kept; Enter returns to the list.',
    ]);
  });
});
