import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FluxError } from '#core/errors.js';
import type { LoadReview } from '#core/operations/load/review.js';
import { STATISTICS_AT_LOAD_TIME } from '#core/operations/load/summarize.js';
import { ExistingTimesError } from '#core/operations/load/target.js';
import { reviewLines } from '#ui/model/reviewLines.js';
import { activeBindings } from '#ui/model/activeBindings.js';
import { EXIT_INTERRUPTED } from '#ui/model/app.js';
import { keyLine } from '#ui/model/bindings.js';
import type { WizardState } from '#ui/model/wizard/state.js';
import { datasetRow, ModelDriver } from '#test/support/uiModel.js';

const ESC = '\u001b';
const CTRL_C = '\u0003';

function browsing(names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon']): ModelDriver {
  const driver = new ModelDriver();
  driver.send({ type: 'datasets', rows: names.map((name) => datasetRow(name)), held: [] });
  return driver;
}

const wizardOf = (driver: ModelDriver): WizardState => {
  const screen = driver.state.screen;
  if (screen.kind !== 'load') throw new Error(`the wizard is not open (${screen.kind})`);
  return screen.wizard;
};

const listing = {
  format: 'mat5' as const,
  description: 'MATLAB 5.0 MAT-file',
  variables: [
    { name: 'title', class: 'char', shape: [1, 5], loadable: false, reason: 'char is text' },
    { name: 'casa_gfed_2004', class: 'double', shape: [2635, 10], loadable: true },
  ],
};

/** A wizard at the review step, the dry run answered. */
function atReview(driver = browsing()): ModelDriver {
  driver.type('l/data/casa.mat\r');
  driver.send({ type: 'fileInspected', sequence: driver.last('inspectFile').sequence, listing });
  driver.type('\r\r'); // the loadable variable is preselected; so is the likeliest model
  driver.type('casa\r');
  driver.send({ type: 'nameChecked', name: 'casa', check: { ok: true, exists: false } });
  driver.type('\rtimestamp=2004-06-30T00:00:00\r');
  const review: LoadReview = {
    model: 'SpatioTemporalMatrix',
    mediator: 'Grid4DMediator',
    variable: 'casa_gfed_2004',
    shape: [2635, 10],
    configFile: null,
    settings: [],
    mode: 'new',
    files: ['/data/casa.mat'],
    cells: 2635,
    existingTimes: 0,
    documents: 8,
    values: 21080,
    metadata: { _id: 'casa', dates: ['2004-06-30T00:00:00', '2004-06-30T21:00:00'] },
    warnings: [],
    checks: [],
    pendingRecovery: null,
  } as LoadReview;
  driver.send({ type: 'reviewed', sequence: driver.last('review').sequence, review });
  return driver;
}

describe('the UI model: keys that arrive together', () => {
  it('moves the selection once per key of a burst', () => {
    const driver = browsing();
    driver.type('jjj');
    assert.equal(driver.state.browse.selected, 'delta');
    driver.type('\u001b[A\u001b[A');
    assert.equal(driver.state.browse.selected, 'beta');
    driver.type('G');
    assert.equal(driver.state.browse.selected, 'epsilon');
    driver.type('g');
    assert.equal(driver.state.browse.selected, 'alpha');
  });

  it('opens a typed path on the Enter that came with it, without the carriage return', () => {
    const driver = browsing();
    driver.type('l/data/casa.mat\r');
    assert.equal(driver.last('inspectFile').path, '/data/casa.mat');
    assert.equal(wizardOf(driver).reading, driver.last('inspectFile').sequence);
  });

  it('completes on a Tab in the same read as the text before it, and never inserts the Tab', () => {
    const driver = browsing();
    driver.type('lcas\t');
    assert.equal(driver.last('completePath').typed, 'cas');
    assert.equal(wizardOf(driver).path.value, 'cas');
    driver.send({
      type: 'completions',
      field: 'path',
      typed: 'cas',
      found: ['casagfed2004.json', 'casagfed2004.mat'],
    });
    assert.equal(wizardOf(driver).path.value, 'casagfed2004.');
    assert.equal(wizardOf(driver).completions.length, 2);
  });

  it('applies Enter in a burst to the text typed before it (a check never lags behind)', () => {
    const driver = browsing();
    driver.type('l/data/casa.mat\r');
    driver.send({ type: 'fileInspected', sequence: driver.last('inspectFile').sequence, listing });
    driver.type('\r\rcasa\r');
    driver.send({ type: 'nameChecked', name: 'casa', check: { ok: true, exists: false } });
    assert.equal(wizardOf(driver).step, 'config');
    driver.type('\rtimestamp=2004-06-30T00:00:00;x\u007f\r');
    assert.equal(wizardOf(driver).step, 'review');
    const { request } = driver.last('review');
    assert.equal(request.overrides, 'timestamp=2004-06-30T00:00:00');
    assert.equal(request.variable, 'casa_gfed_2004');
  });
});

describe('the UI model: the guided load', () => {
  it('goes on from the name once its check answers, if Enter came first', () => {
    const driver = browsing();
    driver.type('l/data/casa.mat\r');
    driver.send({ type: 'fileInspected', sequence: driver.last('inspectFile').sequence, listing });
    driver.type('\r\rnew_name\r');
    assert.equal(wizardOf(driver).step, 'name');
    driver.send({ type: 'nameChecked', name: 'new_name', check: { ok: true, exists: true } });
    assert.equal(wizardOf(driver).step, 'config');
    assert.equal(driver.last('siblingConfig').path, '/data/casa.mat');
  });

  it('refuses a variable that cannot be loaded, and a model that does not fit, saying why', () => {
    const driver = browsing();
    driver.type('l/data/casa.mat\r');
    driver.send({ type: 'fileInspected', sequence: driver.last('inspectFile').sequence, listing });
    assert.equal(wizardOf(driver).variable, 1, 'the loadable variable is preselected');
    driver.type('k\r');
    assert.equal(wizardOf(driver).step, 'variable');
    assert.match(wizardOf(driver).error ?? '', /title cannot be loaded: char is text/);
    driver.type('j\r');
    assert.equal(wizardOf(driver).step, 'model');
    driver.type('j\r'); // KrigedXCO2Matrix needs exactly 9 columns
    assert.equal(wizardOf(driver).step, 'model');
    assert.match(
      wizardOf(driver).error ?? '',
      /KrigedXCO2Matrix does not fit casa_gfed_2004 \(2635x10\): it has 10 columns/,
    );
  });

  it('does not pick list items with digit keys', () => {
    const driver = browsing();
    driver.type('l/data/casa.mat\r');
    driver.send({ type: 'fileInspected', sequence: driver.last('inspectFile').sequence, listing });
    driver.type('\r');
    const before = wizardOf(driver).model;
    driver.type('234');
    assert.equal(wizardOf(driver).model, before);
    assert.equal(wizardOf(driver).step, 'model');
  });

  it('goes back a step on Esc, and leaves from the first step', () => {
    const driver = atReview();
    for (const step of ['overrides', 'config', 'name', 'model', 'variable', 'path']) {
      driver.type(ESC);
      assert.equal(wizardOf(driver).step, step);
    }
    driver.type(ESC);
    assert.equal(driver.state.screen.kind, 'browse');
  });

  it('stops waiting for a file read on Esc, and ignores its late answer', () => {
    const driver = browsing();
    driver.type(`l/data/casa.mat\r${ESC}`);
    assert.equal(wizardOf(driver).reading, null);
    driver.send({ type: 'fileInspected', sequence: driver.last('inspectFile').sequence, listing });
    assert.equal(wizardOf(driver).step, 'path');
  });

  it('shows "Cancelling" at once when Esc cancels a load, and offers the list when it is done', () => {
    const driver = atReview();
    driver.type('\r');
    assert.ok(driver.effects.some((effect) => effect.type === 'load'));
    driver.type(ESC);
    const run = driver.state.loads.casa?.run;
    assert.ok(run?.status === 'running' && run.cancelling);
    assert.deepEqual(driver.last('cancelLoad'), { type: 'cancelLoad', name: 'casa' });
    driver.send({ type: 'loadCancelled', name: 'casa' });
    assert.equal(driver.state.loads.casa?.run.status, 'cancelled');
    driver.type('\r');
    assert.equal(driver.state.screen.kind, 'browse');
  });

  it('after a failed load, Esc goes back to the review (checked again) and Enter to the list', () => {
    const driver = atReview();
    driver.type('\r');
    driver.send({
      type: 'failed',
      effect: 'load',
      dataset: 'casa',
      error: new FluxError('data', 'the grid differs'),
    });
    assert.equal(driver.state.loads.casa?.run.status, 'failed');
    const reviews = driver.effects.filter((effect) => effect.type === 'review').length;
    driver.type(ESC);
    assert.equal(wizardOf(driver).step, 'review');
    assert.equal(driver.effects.filter((effect) => effect.type === 'review').length, reviews + 1);
  });

  it('offers to skip or overwrite the times a dataset already has, and checks again', () => {
    const driver = atReview();
    driver.type(ESC); // back to the settings,
    driver.type('\r'); // and the check runs again
    driver.send({
      type: 'failed',
      effect: 'review',
      sequence: driver.last('review').sequence,
      error: new ExistingTimesError('casa', [new Date('2004-06-30T00:00:00Z')]),
    });
    const review = wizardOf(driver).review;
    assert.ok(review?.status === 'failed' && review.existingTimes);
    assert.doesNotMatch(
      review.text,
      /--skip-existing|--replace/,
      'no command-line flags on a UI screen',
    );
    driver.type('s');
    assert.equal(driver.last('review').request.existing, 'skip');
    driver.type('o');
    assert.equal(driver.last('review').request.existing, 'replace');
    // Any other refusal is not about existing times: s and o do nothing there.
    driver.send({
      type: 'failed',
      effect: 'review',
      sequence: driver.last('review').sequence,
      error: new FluxError('data', 'dataset "casa" already has a grid of 3 cells'),
    });
    const other = wizardOf(driver).review;
    assert.ok(other?.status === 'failed' && !other.existingTimes);
  });
});

describe('the UI model: the review', () => {
  /** The review of an append whose dry run found `existingTimes` times the dataset has. */
  function appendReview(existingTimes: number): LoadReview {
    return {
      model: 'SpatioTemporalMatrix',
      mediator: 'Grid4DMediator',
      variable: 'casa_gfed_2004',
      shape: [2635, 10],
      configFile: null,
      settings: [],
      mode: 'append',
      files: ['/data/casa.mat'],
      cells: 2635,
      existingTimes,
      documents: 1,
      values: 2635,
      metadata: { dates: ['2004-06-30T00:00:00'], stats: STATISTICS_AT_LOAD_TIME },
      warnings: [],
      pendingRecovery: null,
    } as unknown as LoadReview;
  }

  it("says an append's statistics come at load time, and offers no choice when no time overlaps", () => {
    const driver = atReview();
    driver.type('\u001b');
    driver.type('\r');
    driver.send({
      type: 'reviewed',
      sequence: driver.last('review').sequence,
      review: appendReview(0),
    });
    const text = reviewLines(wizardOf(driver), 80).map((line) => line.text);
    assert.equal(text[0], 'Append to "casa": 1 document (2635 values)', text.join('\n'));
    assert.ok(text.includes(`  statistics: ${STATISTICS_AT_LOAD_TIME}`), text.join('\n'));
    assert.ok(!text.some((line) => /already has/.test(line)), text.join('\n'));
    // s, o and e are off, and say why.
    driver.type('s');
    assert.equal(
      driver.state.message?.text,
      'only when the load brings times the dataset already has',
    );
    assert.equal(driver.effects.filter((effect) => effect.type === 'review').length, 2);
  });

  it('shows what happens to the times an append brings that the dataset has, at the top', () => {
    const driver = atReview();
    driver.type(ESC); // Esc and Enter in one read would be Alt-Enter
    driver.type('\r');
    driver.send({
      type: 'failed',
      effect: 'review',
      sequence: driver.last('review').sequence,
      error: new ExistingTimesError('casa', [new Date('2004-06-30T00:00:00Z')]),
    });
    driver.type('s');
    driver.send({
      type: 'reviewed',
      sequence: driver.last('review').sequence,
      review: appendReview(3),
    });
    const text = reviewLines(wizardOf(driver), 80).map((line) => line.text);
    // Wrapped to the width, indented, rather than cut.
    assert.deepEqual(
      text.slice(3, 5),
      [
        '  3 times the dataset already has: skipped (o overwrites them instead, e',
        '  refuses the load)',
      ],
      text.join('\n'),
    );
    driver.type('o');
    assert.equal(driver.last('review').request.existing, 'replace');
  });
});

describe('the UI model: Ctrl-C and quitting', () => {
  it('quits with 130 on Ctrl-C when nothing is writing, in any state', () => {
    for (const keys of ['', 'l/data/x.mat\r', '?', 'a']) {
      const driver = browsing();
      driver.type(keys);
      const effects = driver.type(CTRL_C);
      assert.deepEqual(
        effects,
        [{ type: 'exit', code: EXIT_INTERRUPTED }],
        `after ${JSON.stringify(keys)}`,
      );
    }
  });

  it('cancels a running load first, then quits with 130 once it is undone; twice quits at once', () => {
    const driver = atReview();
    driver.type('\r');
    const effects = driver.type(CTRL_C);
    assert.deepEqual(effects, [{ type: 'cancelLoad', name: 'casa' }]);
    assert.match(driver.state.message?.text ?? '', /Cancelling the load before quitting/);
    assert.deepEqual(driver.send({ type: 'loadCancelled', name: 'casa' }), [
      { type: 'listDatasets' },
      { type: 'exit', code: 130 },
    ]);

    const impatient = atReview();
    impatient.type('\r');
    impatient.type(CTRL_C);
    assert.deepEqual(impatient.type(CTRL_C), [{ type: 'exit', code: 130 }]);
  });

  it('refuses q while a load runs, saying what to do', () => {
    const driver = atReview();
    driver.type('\r');
    assert.deepEqual(driver.type('q'), []);
    assert.match(driver.state.message?.text ?? '', /a load is running: Esc cancels it/);
  });

  it('treats a signal as Ctrl-C with its own exit code', () => {
    const driver = browsing();
    assert.deepEqual(driver.send({ type: 'signal', code: 143 }), [{ type: 'exit', code: 143 }]);
  });

  it('quits with 0 on q', () => {
    assert.deepEqual(browsing().type('q'), [{ type: 'exit', code: 0 }]);
  });
});

describe('the UI model: the dataset list', () => {
  it('moves the selection to the neighbour after a remove', () => {
    const driver = browsing();
    driver.type('jj'); // gamma
    driver.type('d');
    assert.equal(driver.state.screen.kind, 'remove');
    driver.type('gamma\r');
    assert.deepEqual(driver.last('remove'), { type: 'remove', name: 'gamma' });
    driver.send({ type: 'removed', name: 'gamma' });
    assert.equal(driver.state.browse.selected, 'delta');
    const last = browsing();
    last.type('G');
    last.type('depsilon\r');
    last.send({ type: 'removed', name: 'epsilon' });
    assert.equal(last.state.browse.selected, 'delta');
  });

  it('does not remove until the name typed matches', () => {
    const driver = browsing();
    driver.type('dalph\r');
    assert.ok(!driver.effects.some((effect) => effect.type === 'remove'));
    assert.match(driver.state.message?.text ?? '', /type the dataset's name first/);
  });

  it('says "disconnected" when the server goes away, retries, and reads everything again', () => {
    const driver = browsing();
    const lost = new FluxError(
      'connection',
      'MongoDB at mongodb://db.example/ failed during the command: connect ECONNREFUSED',
    );
    const effects = driver.send({ type: 'failed', effect: 'listDatasets', error: lost });
    assert.equal(driver.state.connection.state, 'disconnected');
    assert.deepEqual(effects, [{ type: 'ping', delayMs: 2000 }]);
    assert.deepEqual(driver.send({ type: 'failed', effect: 'ping', error: lost }), [
      { type: 'ping', delayMs: 2000 },
    ]);
    driver.type('l');
    assert.equal(driver.state.screen.kind, 'browse', 'loading needs the server');
    assert.match(driver.state.message?.text ?? '', /not reachable/);
    const back = driver.send({ type: 'reconnected' });
    assert.equal(driver.state.connection.state, 'connected');
    assert.ok(back.some((effect) => effect.type === 'listDatasets'));
  });

  it('filters as the filter is typed, and Esc clears it', () => {
    const driver = browsing();
    driver.type('/ta');
    assert.deepEqual(driver.state.browse.filtering?.value, 'ta');
    assert.equal(driver.state.browse.selected, 'beta');
    driver.type('\r');
    assert.equal(driver.state.browse.filter, 'ta');
    driver.type(ESC);
    assert.equal(driver.state.browse.filter, '');
  });

  it('says what a key that does nothing does, and ignores a paste on a list', () => {
    const driver = browsing();
    driver.type('z');
    assert.match(driver.state.message?.text ?? '', /"z" does nothing here; \? shows the keys/);
    driver.type('\u001b[200~qqq\u001b[201~');
    assert.equal(
      driver.state.message?.text,
      'pasted text is ignored here: this screen has no text field',
    );
  });

  it('shows the keys of the screen in front, with help and quit always', () => {
    const driver = browsing();
    assert.match(
      keyLine(activeBindings(driver.state), driver.state, 80),
      /^l load .*\? help {2}q quit$/,
    );
    driver.type('l');
    const wizardLine = keyLine(activeBindings(driver.state), driver.state, 80);
    assert.doesNotMatch(wizardLine, /l load|a audit/);
    assert.match(wizardLine, /Tab complete/);
    driver.type('?');
    assert.equal(driver.state.help, null, '? is typed into the path field');
    driver.type(ESC);
    driver.type('?');
    assert.notEqual(driver.state.help, null);
    assert.match(keyLine(activeBindings(driver.state), driver.state, 80), /Esc close/);
  });

  it('says when the terminal is too small, and quits on Ctrl-C there', () => {
    const driver = browsing();
    driver.send({ type: 'resize', size: { columns: 60, rows: 15 } });
    driver.type('l');
    assert.equal(driver.state.screen.kind, 'browse', 'keys are not acted on blind');
    assert.deepEqual(driver.type(CTRL_C), [{ type: 'exit', code: 130 }]);
  });
});
