/**
 * The guided load's model, without Ink or a server: its checks always answer (a failure too)
 * and say what they wait for once slow, the review puts what matters first, Tab completes
 * dataset names, the last load's answers are offered again, and `folder/*.mat` loads a
 * folder's files as `--pattern` does. Expected values are written by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FluxError } from '#core/errors.js';
import { guessModel } from '#core/models/registry.js';
import type { LoadReview } from '#core/operations/load/review.js';
import { reviewLines } from '#ui/model/reviewLines.js';
import type { Effect } from '#ui/model/types.js';
import { overridesWarnings } from '#ui/model/wizard/request.js';
import { waitingLine } from '#ui/model/wizard/waiting.js';
import { datasetRow, ModelDriver, wizardOf } from '#test/support/uiModel.js';

const ESC = '\u001b';
const CTRL_U = '\u0015';

function browsing(names = ['casa', 'casa_july', 'kriged']): ModelDriver {
  const driver = new ModelDriver();
  driver.send({ type: 'datasets', rows: names.map((name) => datasetRow(name)), held: [] });
  return driver;
}

const listing = (shape = [2635, 10]) => ({
  format: 'mat5' as const,
  description: 'MATLAB 5.0 MAT-file',
  variables: [{ name: 'data', class: 'double', shape, loadable: true }],
});

/** Answers the newest file read with a variable of `shape`. */
function read(driver: ModelDriver, shape?: number[]): ModelDriver {
  driver.send({
    type: 'fileInspected',
    sequence: driver.last('inspectFile').sequence,
    listing: listing(shape),
  });
  return driver;
}

/** Opens the wizard on `path` and answers its read with a variable of `shape`. */
function opened(driver: ModelDriver, path = '/data/casa.mat', shape?: number[]): ModelDriver {
  driver.type(`l${path}\r`);
  return read(driver, shape);
}

/** Answers the name's check: a new dataset, or one there is. */
function named(driver: ModelDriver, name: string, exists = false): void {
  driver.send({ type: 'nameChecked', name, check: { ok: true, exists } });
}

/** From the variable step to the config step, with a new dataset's name. */
function toConfig(driver: ModelDriver, name = 'fresh'): ModelDriver {
  driver.type(`\r\r${name}\r`);
  named(driver, name);
  assert.equal(wizardOf(driver).step, 'config');
  return driver;
}

/** The review answered, the load started and cancelled, and the wizard closed. */
function loadedAndClosed(driver: ModelDriver): void {
  driver.send({ type: 'reviewed', sequence: driver.last('review').sequence, review: review() });
  const name = wizardOf(driver).name.value;
  driver.type('\r'); // start
  driver.send({ type: 'loadCancelled', name });
  driver.type('\r'); // back to the list
}

const review = (patch: Partial<LoadReview> = {}): LoadReview =>
  ({
    model: 'SpatioTemporalMatrix',
    mediator: 'Grid4DMediator',
    variable: 'data',
    shape: [2635, 10],
    configFile: '/data/casa.json',
    settings: [
      { key: 'title', value: 'Surface Carbon Flux', source: 'config file /data/casa.json' },
      { key: 'titel', value: 'My data', source: 'unknown key (kept, unused)' },
    ],
    mode: 'new',
    files: ['/data/casa.mat'],
    cells: 2635,
    existingTimes: 0,
    documents: 8,
    values: 21080,
    metadata: {
      _id: 'fresh',
      dates: ['2004-06-30T00:00:00', '2004-06-30T21:00:00'],
      grid: { units: 'degrees', x: 1, y: 1 },
      bbox: [-166.5, 10.5, -50.5, 69.5],
    },
    warnings: ['-o: unknown key "titel" kept but not used; did you mean "title"?'],
    checks: [],
    pendingRecovery: null,
    ...patch,
  }) as LoadReview;

const count = (effects: Effect[], type: Effect['type']) =>
  effects.filter((effect) => effect.type === type).length;

describe('the wizard: every check answers', () => {
  it('settles the config check when reading the file fails, and Enter then says why', () => {
    const driver = toConfig(opened(browsing()));
    driver.send({ type: 'siblingConfig', path: '/data/casa.mat', config: null });
    driver.type('/tmp\r');
    assert.equal(wizardOf(driver).step, 'config', 'Enter waits for the check');
    assert.equal(waitingLine(wizardOf(driver)), 'checking the config file...');
    driver.send({
      type: 'failed',
      effect: 'checkConfig',
      error: new FluxError('input', '/tmp: is a directory, not a file'),
    });
    assert.equal(wizardOf(driver).step, 'config');
    assert.equal(wizardOf(driver).error, '/tmp: is a directory, not a file');
    assert.equal(waitingLine(wizardOf(driver)), null);
    // Enter again answers at once, with the same reason.
    driver.type('\r');
    assert.equal(wizardOf(driver).error, '/tmp: is a directory, not a file');
  });

  it('goes on once a config check answers with no problem, if Enter came first', () => {
    const driver = toConfig(opened(browsing()));
    driver.type('/data/other.json\r');
    driver.send({ type: 'configChecked', path: '/data/other.json', problem: null });
    assert.equal(wizardOf(driver).step, 'overrides');
  });

  it('settles each check that fails: the read, the pattern, the name, the completion, the review', () => {
    const failure = new FluxError('input', 'the disk went away');
    const reading = opened(browsing());
    reading.type(ESC); // back to the path
    reading.type('\r');
    reading.send({
      type: 'failed',
      effect: 'inspectFile',
      sequence: reading.last('inspectFile').sequence,
      error: failure,
    });
    assert.equal(wizardOf(reading).reading, null);
    assert.equal(wizardOf(reading).error, 'the disk went away');

    const pattern = browsing();
    pattern.type('l/data/*.mat\r');
    pattern.send({
      type: 'failed',
      effect: 'matchFiles',
      sequence: pattern.last('matchFiles').sequence,
      error: failure,
    });
    assert.equal(wizardOf(pattern).reading, null);
    assert.equal(waitingLine(wizardOf(pattern)), null);

    const name = opened(browsing());
    name.type('\r\rfresh\r'); // Enter before the check answers: its failure answers Enter
    name.send({ type: 'failed', effect: 'checkName', error: failure });
    assert.equal(waitingLine(wizardOf(name)), null);
    assert.equal(wizardOf(name).step, 'name');
    assert.equal(wizardOf(name).error, 'the disk went away');

    const completion = browsing();
    completion.type('l/data/ca\t');
    assert.equal(wizardOf(completion).completing, '/data/ca');
    completion.send({ type: 'failed', effect: 'completePath', error: failure });
    assert.equal(wizardOf(completion).completing, null);
    assert.equal(wizardOf(completion).error, 'the disk went away');

    const reviewing = toConfig(opened(browsing()));
    reviewing.type('\rtimestamp=2004-06-30T00:00:00\r');
    reviewing.send({
      type: 'failed',
      effect: 'review',
      sequence: reviewing.last('review').sequence,
      error: failure,
    });
    assert.equal(wizardOf(reviewing).review?.status, 'failed');
  });

  it('fills in the sibling .json when it is found, and settles when looking for it fails', () => {
    const found = toConfig(opened(browsing()));
    assert.equal(waitingLine(wizardOf(found)), 'looking for casa.json beside the data file...');
    found.send({ type: 'siblingConfig', path: '/data/casa.mat', config: '/data/casa.json' });
    assert.equal(wizardOf(found).config.value, '/data/casa.json');
    assert.equal(found.last('checkConfig').path, '/data/casa.json');

    const failed = toConfig(opened(browsing()));
    failed.send({ type: 'failed', effect: 'siblingConfig', error: new Error('EIO') });
    assert.equal(wizardOf(failed).siblingPending, false);
    assert.equal(waitingLine(wizardOf(failed)), null);
  });

  it('says what a check waits for once it has taken a second, and ignores a stale reminder', () => {
    const driver = opened(browsing());
    driver.type('\r\rfresh');
    const reminder = driver.last('remind');
    assert.equal(reminder.delayMs, 1000);
    driver.send({ type: 'reminded', sequence: reminder.sequence - 1 });
    assert.equal(waitingLine(wizardOf(driver)), 'checking the name...');
    driver.send({ type: 'reminded', sequence: reminder.sequence });
    assert.equal(
      waitingLine(wizardOf(driver)),
      'Still waiting for the server to say whether "fresh" exists (Esc goes back)',
    );

    const reading = browsing();
    reading.type('l/data/big.h5\r');
    reading.send({ type: 'reminded', sequence: reading.last('remind').sequence });
    assert.equal(
      waitingLine(wizardOf(reading)),
      'Still reading big.h5: a large file, or a slow disk (Esc stops waiting)',
    );
    reading.type(ESC);
    assert.equal(wizardOf(reading).reading, null, 'Esc stops waiting');
    assert.equal(reading.state.screen.kind, 'load');

    const reviewing = toConfig(opened(browsing()));
    reviewing.type('\r\r');
    assert.equal(waitingLine(wizardOf(reviewing)), 'Checking the load (a dry run)...');
    reviewing.send({ type: 'reminded', sequence: reviewing.last('remind').sequence });
    assert.equal(
      waitingLine(wizardOf(reviewing)),
      'Still checking the load: reading casa.mat and asking the server about "fresh" (Esc goes back)',
    );
    reviewing.type(ESC);
    assert.equal(wizardOf(reviewing).step, 'overrides');
  });
});

describe('the wizard: the review puts what matters first', () => {
  it('what will be written, then warnings in the UI words, then the settings', () => {
    const driver = toConfig(opened(browsing()));
    driver.type('\rtiteL=x\r');
    driver.send({ type: 'reviewed', sequence: driver.last('review').sequence, review: review() });
    const text = reviewLines(wizardOf(driver), 80).map((line) => line.text);
    assert.deepEqual(text.slice(0, 4), [
      'New dataset "fresh": 8 documents (21080 values)',
      '  dates ["2004-06-30T00:00:00","2004-06-30T21:00:00"]',
      '  grid 2635 cells {"units":"degrees","x":1,"y":1}',
      '  bbox [-166.5,10.5,-50.5,69.5]',
    ]);
    assert.equal(
      text[4],
      'warning: your settings: unknown key "titel" (not used); did you mean "title"?',
    );
    assert.deepEqual(text.slice(5, 9), [
      'Settings:',
      '  model      SpatioTemporalMatrix via Grid4DMediator',
      '  variable   data (2635x10)',
      '  config     casa.json',
    ]);
    assert.ok(text.includes('  title      Surface Carbon Flux  (config file casa.json)'));
    assert.ok(!text.some((line) => /-o/.test(line)), text.join('\n'));
  });

  it('warns of an unknown setting as it is typed, naming the key meant', () => {
    const driver = toConfig(opened(browsing()));
    driver.send({ type: 'siblingConfig', path: '/data/casa.mat', config: null });
    driver.type('\rtimstamp=2011-01-01T00:00:00');
    // Not refused (no "arithmetic is not evaluated"): a warning, and the review is reached.
    assert.equal(wizardOf(driver).overridesProblem, null);
    assert.deepEqual(overridesWarnings(wizardOf(driver).overrides.value), [
      'your settings: unknown key "timstamp" (not used); did you mean "timestamp"?',
    ]);
    driver.type('\r');
    assert.equal(wizardOf(driver).step, 'review');
    assert.equal(driver.last('review').request.overrides, 'timstamp=2011-01-01T00:00:00');
  });
});

describe('the wizard: Tab on the name completes the datasets there are', () => {
  it('completes a unique start, lists several, and says when none matches', () => {
    const driver = opened(browsing());
    driver.type('\r\rk\t');
    assert.equal(wizardOf(driver).name.value, 'kriged');
    assert.equal(driver.last('checkName').name, 'kriged');
    driver.type(`${CTRL_U}c\t`);
    assert.equal(wizardOf(driver).name.value, 'casa');
    assert.deepEqual(wizardOf(driver).completions, ['casa', 'casa_july']);
    driver.type(`${CTRL_U}z\t`);
    assert.equal(wizardOf(driver).name.value, 'z');
    assert.equal(
      wizardOf(driver).error,
      'no dataset name starts with "z": this will be a new dataset',
    );
  });
});

describe('the wizard: the last load is offered again', () => {
  it("fills in the last load's folder, model, config file and settings for the next file", () => {
    // A square matrix: CovarianceMatrix is proposed, and SpatioTemporalMatrix chosen instead.
    const driver = opened(browsing(), '/data/2004/casa.mat', [50, 50]);
    driver.type('\r');
    assert.equal(wizardOf(driver).model, 3);
    driver.type('g\rfresh\r');
    named(driver, 'fresh');
    driver.type('/data/shared.json\r');
    driver.send({ type: 'configChecked', path: '/data/shared.json', problem: null });
    driver.type('timestamp=2004-06-30T00:00:00;title=Flux\r');
    loadedAndClosed(driver);

    driver.type('l');
    const next = wizardOf(driver);
    assert.equal(next.path.value, '/data/2004/');
    assert.equal(next.config.value, '/data/shared.json');
    assert.equal(next.overrides.value, 'timestamp=2004-06-30T00:00:00;title=Flux');
    driver.type('casa2.mat\r');
    assert.equal(driver.last('inspectFile').path, '/data/2004/casa2.mat');
    read(driver, [50, 50]).type('\r');
    assert.equal(wizardOf(driver).model, 0, 'SpatioTemporalMatrix, as last time');
    driver.type('\rnext\r');
    named(driver, 'next');
    assert.equal(driver.last('checkConfig').path, '/data/shared.json');
    driver.send({ type: 'configChecked', path: '/data/shared.json', problem: null });
    driver.type('\r\r');
    const { request } = driver.last('review');
    assert.equal(request.configFile, '/data/shared.json');
    assert.equal(request.overrides, 'timestamp=2004-06-30T00:00:00;title=Flux');
    assert.equal(request.model, 'SpatioTemporalMatrix');
  });

  it("offers the next file's own .json when the last load took its own", () => {
    const driver = toConfig(opened(browsing(), '/data/casa.mat'));
    driver.send({ type: 'siblingConfig', path: '/data/casa.mat', config: '/data/casa.json' });
    driver.send({ type: 'configChecked', path: '/data/casa.json', problem: null });
    driver.type('\r\r');
    loadedAndClosed(driver);
    driver.type('l');
    assert.equal(wizardOf(driver).config.value, '');
    driver.type('casa2.mat\r');
    read(driver).type('\r\rnext\r');
    named(driver, 'next');
    assert.equal(driver.last('siblingConfig').path, '/data/casa2.mat');
  });

  it("proposes the likeliest model when the last one does not fit this file's shape", () => {
    const driver = toConfig(opened(browsing(), '/data/Kriged_20090615.mat', [14210, 9]));
    driver.type('\r\r');
    loadedAndClosed(driver);
    assert.equal(driver.last('load').request.model, 'KrigedXCO2Matrix');
    driver.type('lcasa.mat\r');
    read(driver, [2635, 10]).type('\r');
    assert.equal(
      wizardOf(driver).model,
      0,
      'SpatioTemporalMatrix: KrigedXCO2Matrix needs 9 columns',
    );
  });
});

describe('the wizard: a folder and a pattern', () => {
  it('lists the matching files, reads the first, and loads the folder with the pattern', () => {
    const driver = browsing();
    driver.type('l/data/kriged/Kriged_*.mat\r');
    assert.deepEqual(driver.last('matchFiles').typed, '/data/kriged/Kriged_*.mat');
    assert.equal(count(driver.effects, 'inspectFile'), 0);
    driver.send({
      type: 'filesMatched',
      sequence: driver.last('matchFiles').sequence,
      files: ['/data/kriged/Kriged_20090615.mat', '/data/kriged/Kriged_20090621.mat'],
    });
    assert.equal(driver.last('inspectFile').path, '/data/kriged/Kriged_20090615.mat');
    read(driver, [14210, 9]).type('\r');
    assert.equal(wizardOf(driver).model, 1, 'KrigedXCO2Matrix: 9 columns, and the file name');
    driver.type('\rkriged\r');
    named(driver, 'kriged', true);
    assert.equal(count(driver.effects, 'siblingConfig'), 0, 'each file takes its own .json');
    driver.type('\r\r');
    const { request } = driver.last('review');
    assert.equal(request.path, '/data/kriged/');
    assert.equal(request.pattern, 'Kriged_*.mat');
    assert.equal(request.configFile, undefined);
  });
});

describe('the wizard: models and fields', () => {
  it('proposes CovarianceMatrix first for a square matrix', () => {
    const driver = opened(browsing(), '/data/cov.mat', [50, 50]);
    driver.type('\r');
    assert.equal(wizardOf(driver).model, 3);
    const small = opened(browsing(), '/data/cov.mat', [6, 6]);
    small.type('\r');
    assert.equal(wizardOf(small).model, 3, 'even with the 6 columns of an XCO2 file');
  });

  it('guesses by shape, and a file name that says otherwise wins over a square', () => {
    const guess = (file: string, rows: number, columns: number) =>
      guessModel(file, rows, columns).name;
    assert.equal(guess('cov.mat', 50, 50), 'CovarianceMatrix');
    assert.equal(guess('cov.mat', 9, 9), 'CovarianceMatrix');
    assert.equal(guess('Kriged_20090615.mat', 9, 9), 'KrigedXCO2Matrix');
    assert.equal(guess('XCO2_20090615.mat', 6, 6), 'XCO2Matrix');
    assert.equal(guess('casagfed2004.mat', 2635, 10), 'SpatioTemporalMatrix');
    assert.equal(guess('kriged_xco2.mat', 14210, 9), 'KrigedXCO2Matrix');
  });

  it('does not send the sibling .json as "none": an untouched empty field asks for it', () => {
    const driver = toConfig(opened(browsing()));
    driver.type('\r\r');
    assert.equal(driver.last('review').request.configFile, undefined);
    driver.type(ESC);
    driver.type(ESC);
    driver.type('x\u007f\r\r');
    assert.equal(driver.last('review').request.configFile, null, 'emptied: no config file');
  });
});
