/**
 * Nothing shown once is lost: every message of the session is kept in a log the operator opens
 * with L, and the message line wraps a message on up to three rows instead of cutting it. The
 * UI model alone; the expected texts are the messages as written, wrapped by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FluxError } from '#core/errors.js';
import type { AuditReport, Finding, RepairAction } from '#core/operations/audit.js';
import { logLines } from '#ui/model/log.js';
import { messageLines, screenRows } from '#ui/model/messageLine.js';
import { reviewLines } from '#ui/model/reviewLines.js';
import type { Screen } from '#ui/model/types.js';
import { listOf, ModelDriver, throughWizard } from '#test/support/uiModel.js';

const ESC = '\u001b';
const screenOf = (driver: ModelDriver): Screen => driver.state.screen;
const logged = (driver: ModelDriver) => driver.state.log.map((entry) => entry.text);

const missing: Finding = {
  kind: 'missing-metadata',
  dataset: 'casa_july',
  message: 'missing metadata entry for collection ID "casa_july"',
  fixable: true,
} as Finding;

describe('the log', () => {
  it('keeps every message, a screen’s errors and the answers worth keeping; one said again is counted', () => {
    const driver = listOf(['alpha', 'beta']);
    driver.type('zz');
    assert.deepEqual(driver.state.log, [
      { text: '"z" does nothing here; ? shows the keys', tone: 'muted', count: 2 },
    ]);
    // A wizard's error stays in the log once its screen has closed.
    driver.type('l/data/broken.mat\r');
    driver.send({
      type: 'failed',
      effect: 'inspectFile',
      sequence: driver.last('inspectFile').sequence,
      error: new FluxError('data', '/data/broken.mat: not a MATLAB or HDF5 file'),
    });
    driver.type(ESC);
    assert.equal(screenOf(driver).kind, 'browse');
    assert.equal(logged(driver).at(-1), '/data/broken.mat: not a MATLAB or HDF5 file');
    // A rename, and an audit with its repair.
    driver.type('rgamma');
    driver.send({ type: 'nameChecked', name: 'gamma', check: { ok: true, exists: false } });
    driver.type('\r');
    driver.send({ type: 'renamed', from: 'alpha', to: 'gamma' });
    assert.equal(logged(driver).at(-1), 'Renamed "alpha" to "gamma".');
    driver.type('a');
    const report: AuditReport = {
      findings: [
        missing,
        { ...missing, kind: 'stale-coord-index', dataset: 'ghost', message: 'stale ghost' },
        { ...missing, kind: 'busy', dataset: 'beta', message: 'beta is busy', fixable: false },
      ],
      clean: false,
    } as AuditReport;
    driver.send({ type: 'audited', sequence: driver.last('audit').sequence, report });
    // Two inconsistencies: a busy dataset is none.
    assert.deepEqual(driver.state.log.at(-1), {
      text: 'Database audit complete: 2 inconsistencies found.',
      tone: 'warning',
      count: 1,
    });
    const action: RepairAction = {
      finding: missing,
      done: true,
      detail: 'rebuilt the metadata of "casa_july"',
    } as RepairAction;
    driver.send({ type: 'repaired', actions: [action] });
    assert.equal(
      logged(driver).at(-1),
      'FIXED: rebuilt the metadata of "casa_july" (missing metadata entry for collection ID "casa_july")',
    );
    // The server going away.
    driver.send({
      type: 'failed',
      effect: 'listDatasets',
      error: new FluxError('connection', 'MongoDB at mongodb://db.example/ is not reachable'),
    });
    assert.equal(
      logged(driver).at(-1),
      'disconnected: MongoDB at mongodb://db.example/ is not reachable',
    );
  });

  it('opens with L at its newest line, over the list, the audit and a load, and Esc goes back', () => {
    const driver = listOf(['alpha']);
    driver.type('z');
    driver.type('L');
    const log = screenOf(driver);
    assert.ok(log.kind === 'log' && log.log.selected === null && log.log.back.kind === 'browse');
    driver.type(ESC);
    assert.equal(screenOf(driver).kind, 'browse');
    driver.type('a');
    driver.type('L');
    driver.type(ESC);
    assert.equal(screenOf(driver).kind, 'audit');
    driver.type(ESC);
    throughWizard(driver, 'casa');
    driver.type('\r'); // the load starts, its screen in front
    driver.type('L');
    assert.equal(screenOf(driver).kind, 'log');
    driver.type(ESC);
    const back = screenOf(driver);
    assert.ok(back.kind === 'load' && back.wizard.step === 'load');
  });

  it('scrolls by line; the newest line is followed until the operator moves up', () => {
    const driver = listOf(['alpha']);
    for (const key of 'wyz') driver.type(key);
    driver.type('L');
    // One line per message at 80 columns: three lines, the newest selected.
    assert.equal(logLines(driver.state.log, 80).length, 3);
    driver.type('k');
    const up = screenOf(driver);
    assert.ok(up.kind === 'log' && up.log.selected === 1);
    driver.type('G');
    const last = screenOf(driver);
    assert.ok(last.kind === 'log' && last.log.selected === null);
  });

  it('wraps a long message over lines that keep all of it, and counts repeats', () => {
    const text = 'word '.repeat(25).trim(); // 124 columns
    const lines = logLines([{ text, tone: 'error', count: 3 }], 80);
    // Wrapped at 76 columns (room for the marker and the indent of the lines after the
    // first): 15 words take 74, a 16th would take 79.
    assert.deepEqual(
      lines.map((line) => line.text),
      [`${'word '.repeat(15).trim()}`, `  ${'word '.repeat(10).trim()} (3 times)`],
    );
    assert.ok(lines.every((line) => line.tone === 'error'));
  });
});

describe('the message line', () => {
  it('wraps a message on up to three rows instead of cutting it, and the screen makes room', () => {
    const driver = listOf(['alpha']);
    const detail =
      'MongoDB at mongodb://db.example/ failed during the command: connect ECONNREFUSED 127.0.0.1:27017';
    driver.send({
      type: 'failed',
      effect: 'listDatasets',
      error: new FluxError('connection', detail),
    });
    const { lines, tone } = messageLines(driver.state);
    assert.equal(tone, 'error');
    // 110 columns: up to "command:" is 73, and " connect" would make it 81.
    assert.deepEqual(lines, [
      'disconnected: MongoDB at mongodb://db.example/ failed during the command:',
      'connect ECONNREFUSED 127.0.0.1:27017',
    ]);
    // 24 rows less the status bar, two rows of message and the key line.
    assert.equal(screenRows(driver.state), 20);
  });

  it('cuts only what does not fit on three rows, and says where all of it is', () => {
    const driver = new ModelDriver(80, 20);
    driver.send({ type: 'datasets', rows: [], held: [] });
    // 100 words, 389 columns: five rows' worth.
    const long = Array.from({ length: 100 }, (_, index) => `w${index}`).join(' ');
    driver.state = { ...driver.state, message: { text: long, tone: 'plain' } };
    const { lines } = messageLines(driver.state);
    assert.equal(lines.length, 3);
    assert.ok(lines.every((line) => [...line].length <= 80));
    assert.match(lines[2] ?? '', /… \(L: all of it\)$/);
    // Rows: 20 less the status bar, three rows of message and the key line.
    assert.equal(screenRows(driver.state), 15);
    // Where L is not a key (a text field is in front), no promise of it.
    driver.type('l');
    driver.state = { ...driver.state, message: { text: long, tone: 'plain' } };
    assert.match(messageLines(driver.state).lines[2] ?? '', /…$/);
  });

  it('has a companion in the review, which wraps a refusal too, keeping its end', () => {
    const driver = listOf(['alpha']);
    throughWizard(driver, 'casa');
    driver.type(ESC); // back to the settings,
    driver.type('\r'); // and the check again, refused
    const refusal =
      'settings: "timestamp" is not an ISO 8601 date (e.g. 2004-06-30T00:00:00): 30/06/2004';
    driver.send({
      type: 'failed',
      effect: 'review',
      sequence: driver.last('review').sequence,
      error: new FluxError('usage', refusal),
    });
    const screen = screenOf(driver);
    assert.ok(screen.kind === 'load');
    const lines = reviewLines(screen.wizard, 80).filter((line) => line.tone === 'error');
    assert.ok(lines.length > 1 && lines.every((line) => line.text.length <= 78));
    assert.equal(lines.map((line) => line.text).join(' '), `The load would fail: ${refusal}`);
  });

  it('does not count a load of this session among the interrupted operations', () => {
    const driver = listOf(['casa', 'kriged']);
    throughWizard(driver, 'casa', true);
    driver.type('\r\r'); // the load starts; back to the list
    driver.send({
      type: 'datasets',
      rows: listOf(['casa', 'kriged']).state.datasets ?? [],
      held: ['casa', 'old_run'],
    });
    driver.type('j'); // clears the message
    assert.equal(
      messageLines(driver.state).lines.join(' '),
      '! "old_run" (not in the list): operation running or interrupted; see the audit (a)',
    );
  });
});
