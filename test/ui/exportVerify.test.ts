/**
 * x (export) and v (verify) on the UI model alone (no Ink, no server): the keys, the effects
 * they ask for, and what the answers do. Expected texts and figures are written by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExportResult } from '#core/operations/export.js';
import { FluxError } from '#core/errors.js';
import { activeBindings, helpFor } from '#ui/model/activeBindings.js';
import type { Screen } from '#ui/model/types.js';
import { answerInspect, datasetRow, ModelDriver, wizardOf } from '#test/support/uiModel.js';
import { differingReport } from '#test/support/verifyReports.js';

const ESC = '\u001b';
const TAB = '\t';
const CTRL_C = '\u0003';
const CTRL_X = '\u0018';
const CTRL_U = '\u0015';

/**
 * The list of these datasets, each a time series of a grid as a SpatioTemporalMatrix load
 * stores it (its dates the first and last, and its steps); "kriged" one of one file per time.
 */
function listOf(names: readonly string[]): ModelDriver {
  const driver = new ModelDriver();
  const rows = names.map((name) => {
    const row = datasetRow(name);
    return name === 'kriged'
      ? row
      : { ...row, metadata: { ...row.metadata, _id: name, steps: [10800] } };
  });
  driver.send({ type: 'datasets', rows, held: [] });
  return driver;
}

const screenOf = (driver: ModelDriver): Screen => driver.state.screen;

function exportOf(driver: ModelDriver) {
  const screen = screenOf(driver);
  if (screen.kind !== 'export') throw new Error(`the export is not open (${screen.kind})`);
  return screen.export;
}

function verifyOf(driver: ModelDriver) {
  const screen = screenOf(driver);
  if (screen.kind !== 'verify') throw new Error(`the verify result is not open (${screen.kind})`);
  return screen.verify;
}

const RESULT: ExportResult = {
  dataset: 'alpha',
  model: 'SpatioTemporalMatrix',
  load: { path: 'out/alpha.mat', model: 'SpatioTemporalMatrix' },
  files: [
    { path: 'out/alpha.json', bytes: 412 },
    { path: 'out/alpha.mat', bytes: 90_210 },
  ],
  documents: 8,
  bytes: 90_622,
  elapsedMs: 1500,
};

/** x on "alpha", the path replaced by `path`, and Enter. */
function exporting(path = 'out/alpha.mat'): ModelDriver {
  const driver = listOf(['alpha', 'beta']);
  driver.type('x');
  assert.equal(exportOf(driver).path.value, 'alpha.mat', 'the path offered is NAME.mat');
  driver.type(`${CTRL_U}${path}\r`);
  return driver;
}

describe('x: export the selected dataset', () => {
  it('asks for the path, completes it with Tab, and exports to it', () => {
    const driver = listOf(['alpha', 'beta']);
    driver.type('x');
    driver.type(`${CTRL_U}ou${TAB}`);
    const asked = driver.last('completePath');
    assert.deepEqual(asked, { type: 'completePath', field: 'path', typed: 'ou' });
    driver.send({ type: 'completions', field: 'path', typed: 'ou', found: ['out/', 'outer/'] });
    assert.equal(exportOf(driver).path.value, 'out', 'what both start with');
    assert.deepEqual(exportOf(driver).completions, ['out/', 'outer/']);
    driver.type(`/${TAB}`);
    driver.send({ type: 'completions', field: 'path', typed: 'out/', found: ['out/alpha.mat'] });
    assert.equal(exportOf(driver).path.value, 'out/alpha.mat');
    driver.type('\r');
    const started = driver.last('export');
    assert.equal(started.name, 'alpha');
    assert.equal(started.path, 'out/alpha.mat');
  });

  it('shows its progress, then the result in the message line and the log, back on the list', () => {
    const driver = exporting();
    const { sequence } = driver.last('export');
    driver.send({
      type: 'exportProgress',
      sequence,
      progress: { phase: 'reading', documents: 2, totalDocuments: 8, sinceStartMs: 900 },
    });
    assert.deepEqual(exportOf(driver).running?.progress, {
      phase: 'reading',
      documents: 2,
      totalDocuments: 8,
      sinceStartMs: 900,
    });
    // Typing while it runs changes nothing.
    driver.type('zz');
    assert.equal(exportOf(driver).path.value, 'out/alpha.mat');
    driver.send({ type: 'exported', sequence, result: RESULT });
    assert.equal(screenOf(driver).kind, 'browse');
    const text =
      'Exported "alpha" (8 documents): 2 files, 90622 bytes, in 0:02: out/alpha.json and out/alpha.mat';
    assert.deepEqual(driver.state.message, { text, tone: 'success' });
    assert.deepEqual(driver.state.log.at(-1), { text, tone: 'success', count: 1 });
  });

  it('cancels with Esc while it runs, and says nothing was written', () => {
    const driver = exporting();
    const { sequence } = driver.last('export');
    driver.type(ESC);
    assert.deepEqual(driver.effects.at(-1), { type: 'cancelExport' });
    assert.equal(exportOf(driver).running?.cancelling, true);
    driver.type(ESC);
    assert.equal(driver.state.message?.text, 'already cancelling');
    driver.send({ type: 'exportCancelled', sequence });
    assert.equal(exportOf(driver).running, null, 'back at the path, to try again');
    assert.deepEqual(driver.state.message, {
      text: 'Export cancelled: nothing was written.',
      tone: 'warning',
    });
    driver.type(ESC);
    assert.equal(screenOf(driver).kind, 'browse');
  });

  it('shows a failure whole on the prompt and keeps it in the log', () => {
    const driver = exporting('alpha.txt');
    const { sequence } = driver.last('export');
    const why =
      'alpha.txt should end in .mat (MAT v5) or .h5 (HDF5): the extension decides the format';
    // The CLI's words, without its command's name.
    const error = new FluxError('usage', `export: ${why}`);
    driver.send({ type: 'failed', effect: 'export', error, sequence });
    assert.equal(exportOf(driver).error, why);
    assert.equal(exportOf(driver).running, null);
    assert.deepEqual(driver.state.log.at(-1), { text: why, tone: 'error', count: 1 });
    // A file already there: the CLI's --force is no advice here.
    driver.type('\r');
    driver.send({
      type: 'failed',
      effect: 'export',
      error: new FluxError(
        'conflict',
        'alpha.txt exists; choose another path, or give --force to replace it',
      ),
      sequence: driver.last('export').sequence,
    });
    assert.equal(exportOf(driver).error, 'alpha.txt exists; type another path');
  });

  it('on Ctrl-C cancels the export and quits once it is cancelled, with 130', () => {
    const driver = exporting();
    const { sequence } = driver.last('export');
    const effects = driver.type(CTRL_C);
    assert.deepEqual(effects, [{ type: 'cancelExport' }]);
    assert.match(driver.state.message?.text ?? '', /^Cancelling the export before quitting/);
    const after = driver.send({ type: 'exportCancelled', sequence });
    assert.deepEqual(after.at(-1), { type: 'exit', code: 130 });
  });

  it('drops an answer for an export the operator has left', () => {
    const driver = exporting();
    const { sequence } = driver.last('export');
    driver.type(ESC);
    driver.send({ type: 'exportCancelled', sequence });
    driver.type(ESC);
    driver.send({ type: 'exported', sequence, result: RESULT });
    assert.equal(screenOf(driver).kind, 'browse');
    assert.equal(driver.state.message, null);
  });

  it('is offered by the remove question (Ctrl-X), which it returns to, the name typed kept', () => {
    const driver = listOf(['alpha', 'beta']);
    driver.type('dalp');
    driver.type(CTRL_X);
    assert.equal(exportOf(driver).name, 'alpha');
    driver.type('\r');
    const { sequence } = driver.last('export');
    driver.send({ type: 'exported', sequence, result: RESULT });
    const back = screenOf(driver);
    assert.ok(back.kind === 'remove' && back.dialog.typed.value === 'alp');
    assert.match(driver.state.message?.text ?? '', /^Exported "alpha" \(8 documents\)/);
    // Esc on the export prompt goes back to the question too.
    driver.type(CTRL_X);
    driver.type(ESC);
    assert.equal(screenOf(driver).kind, 'remove');
  });

  it('offers a folder for a dataset of one file per time', () => {
    const driver = listOf(['kriged']);
    driver.type('x');
    assert.equal(exportOf(driver).path.value, 'kriged/');
    assert.equal(exportOf(driver).folder, true);
  });

  it('is listed by help on the list, and x on no dataset says why', () => {
    const driver = listOf([]);
    const help = helpFor(driver.state).join('\n');
    assert.match(help, /^x +export the dataset/m);
    assert.match(help, /^v +verify the dataset against a file/m);
    driver.type('x');
    assert.equal(driver.state.message?.text, 'no dataset is selected');
    assert.ok(activeBindings(driver.state).some((binding) => binding.keys.includes('v')));
  });
});

const REPORT = differingReport({
  dataset: 'alpha',
  file: 'data/alpha.mat',
  times: { inFile: 8, compared: 8, onlyInDataset: 2 },
  valuesCompared: 21_080,
});

/** v on "alpha", through the file, its variable and model, the config and the settings. */
function verifying(): ModelDriver {
  const driver = listOf(['alpha', 'beta']);
  driver.type('v');
  const wizard = wizardOf(driver);
  assert.deepEqual(wizard.verify?.name, 'alpha');
  assert.equal(wizard.step, 'path');
  driver.type('data/alpha.mat\r');
  answerInspect(driver);
  driver.type('\r'); // the variable
  assert.equal(wizardOf(driver).step, 'model');
  driver.type('\r'); // the model: on to the config file, no name asked
  assert.equal(wizardOf(driver).step, 'config');
  assert.deepEqual(driver.last('siblingConfig'), {
    type: 'siblingConfig',
    path: 'data/alpha.mat',
  });
  driver.type('\r'); // no config file typed: the file's own, as load -p without -c
  assert.equal(wizardOf(driver).step, 'overrides');
  driver.type('timestamp=2004-06-30T00:00:00\r');
  return driver;
}

describe('v: verify the selected dataset against a file', () => {
  it("asks the load's questions but the name, then compares, as load would read the file", () => {
    const driver = verifying();
    const asked = driver.last('verify');
    assert.deepEqual(asked.request, {
      path: 'data/alpha.mat',
      model: 'SpatioTemporalMatrix',
      name: 'alpha',
      overrides: 'timestamp=2004-06-30T00:00:00',
      variable: 'casa_gfed_2004',
    });
    assert.equal(verifyOf(driver).status, 'running');
  });

  it('goes back from the config file to the model, past the name it does not ask', () => {
    const driver = listOf(['alpha']);
    driver.type('v');
    driver.type('data/alpha.mat\r');
    answerInspect(driver, 'v');
    driver.type('\r\r');
    assert.equal(wizardOf(driver).step, 'config');
    driver.type(ESC);
    assert.equal(wizardOf(driver).step, 'model');
  });

  it("opens in the last load's folder, its settings not offered", () => {
    const driver = listOf(['alpha']);
    driver.state = {
      ...driver.state,
      lastLoad: {
        folder: 'data/',
        model: 'XCO2Matrix',
        config: { sibling: true },
        overrides: 'title=x',
      },
    };
    driver.type('v');
    assert.deepEqual(wizardOf(driver).path, { value: 'data/', cursor: 5 });
    assert.equal(wizardOf(driver).overrides.value, '');
  });

  it('refuses a pattern: verify compares one file', () => {
    const driver = listOf(['alpha']);
    driver.type('vdata/*.mat\r');
    assert.equal(
      wizardOf(driver).error,
      'verify compares one file with the dataset: type a file, not a pattern',
    );
    assert.equal(wizardOf(driver).step, 'path');
  });

  it('lists the differences, each selectable, and goes back to the list with Esc', () => {
    const driver = verifying();
    const { sequence } = driver.last('verify');
    driver.send({ type: 'verified', sequence, report: REPORT });
    const verify = verifyOf(driver);
    assert.equal(verify.status, 'done');
    assert.equal(verify.selected, 0);
    driver.type('j');
    assert.equal(verifyOf(driver).selected, 1);
    driver.type('j');
    assert.equal(verifyOf(driver).selected, 1, 'not past the last');
    assert.deepEqual(driver.state.log.at(-1), {
      text: 'DIFFERS: data/alpha.mat against "alpha": 2 values differ',
      tone: 'error',
      count: 1,
    });
    driver.type(ESC);
    assert.equal(screenOf(driver).kind, 'browse');
  });

  it('Esc while it compares cancels the comparison; Esc after its answer cancels nothing', () => {
    const running = verifying();
    running.type(ESC);
    assert.equal(screenOf(running).kind, 'browse');
    assert.equal(running.effects.filter((effect) => effect.type === 'cancelVerify').length, 1);
    const answered = verifying();
    answered.send({ type: 'verified', sequence: answered.last('verify').sequence, report: REPORT });
    answered.type(ESC);
    assert.equal(screenOf(answered).kind, 'browse');
    assert.equal(answered.effects.filter((effect) => effect.type === 'cancelVerify').length, 0);
  });

  it('says equal, and could not compare with the whole error', () => {
    const driver = verifying();
    const equal = { ...REPORT, valuesDiffering: 0, differences: [], equal: true };
    driver.send({ type: 'verified', sequence: driver.last('verify').sequence, report: equal });
    assert.deepEqual(driver.state.log.at(-1), {
      text: 'EQUAL: what data/alpha.mat would store is what "alpha" holds (0:00)',
      tone: 'success',
      count: 1,
    });
    driver.type(ESC);
    const again = verifying();
    const why = 'data/alpha.mat: no such file or directory; check the path';
    again.send({
      type: 'failed',
      effect: 'verify',
      error: new FluxError('input', why),
      sequence: again.last('verify').sequence,
    });
    assert.equal(verifyOf(again).status, 'failed');
    assert.equal(verifyOf(again).error, why);
    assert.deepEqual(again.state.log.at(-1), { text: why, tone: 'error', count: 1 });
  });

  it('leaves a comparison still running with Esc; its answer changes nothing', () => {
    const driver = verifying();
    const { sequence } = driver.last('verify');
    driver.type(ESC);
    driver.send({ type: 'verified', sequence, report: REPORT });
    assert.equal(screenOf(driver).kind, 'browse');
  });

  it('takes a burst of keys in one read as typed one by one', () => {
    const driver = listOf(['alpha']);
    driver.type(`x${CTRL_U}a.h5\r`);
    assert.equal(driver.last('export').path, 'a.h5');
    // Esc and j in one read: the export is cancelled, and j is not typed into its path.
    driver.type(`${ESC}j`);
    assert.equal(exportOf(driver).running?.cancelling, true);
    assert.equal(exportOf(driver).path.value, 'a.h5');
  });
});
