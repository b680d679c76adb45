import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FluxError } from '#core/errors.js';
import type { DatasetRow } from '#core/operations/overview.js';
import { initialApp, startApp } from '#ui/model/app.js';
import { keyLine } from '#ui/model/bindings.js';
import { activeBindings } from '#ui/model/activeBindings.js';
import { visibleRows } from '#ui/model/browse.js';
import type { Effect } from '#ui/model/types.js';
import { datasetRow, ModelDriver } from '#test/support/uiModel.js';

const ESC = '\u001b';

/** The list of these rows, read whole, in front. */
function listing(rows: DatasetRow[], columns = 80, rows_ = 24): ModelDriver {
  const driver = new ModelDriver(columns, rows_);
  driver.send({ type: 'datasets', rows, held: [] });
  return driver;
}

const three = () => [datasetRow('alpha', 8), datasetRow('beta', 3), datasetRow('gamma', 20)];
const names = (driver: ModelDriver) => visibleRows(driver.state).map((row) => row.name);
const ofType = <T extends Effect['type']>(effects: Effect[], type: T) =>
  effects.filter((effect): effect is Extract<Effect, { type: T }> => effect.type === type);

/** The refresh the model asks for now, answered with `rows`. */
function refreshWith(driver: ModelDriver, rows: DatasetRow[], ms = 30): Effect[] {
  const polls = ofType(driver.send({ type: 'pollDue' }), 'pollDatasets');
  assert.equal(polls.length, 1, 'a refresh is asked for');
  const poll = polls[0] as Extract<Effect, { type: 'pollDatasets' }>;
  return driver.send({ type: 'datasetsPolled', sequence: poll.sequence, rows, held: [], ms });
}

describe('the server followed while idle', () => {
  it('pings from the start, every 2 s while it answers, without reading the list again', () => {
    const start = startApp(
      initialApp('mongodb://db.example/', 'fluxvis', { columns: 80, rows: 24 }),
    );
    assert.deepEqual(ofType(start.effects, 'ping'), [{ type: 'ping', delayMs: 2000 }]);
    const driver = listing(three());
    const answered = driver.send({ type: 'reconnected' });
    assert.deepEqual(answered, [{ type: 'ping', delayMs: 2000 }]);
    assert.equal(driver.state.connection.state, 'connected');
    assert.equal(driver.state.message, null);
  });

  it('an unanswered ping marks the server gone; the next answer brings the list back', () => {
    const driver = listing(three());
    const lost = driver.send({
      type: 'failed',
      effect: 'ping',
      error: new FluxError(
        'connection',
        'MongoDB at mongodb://db.example/ did not answer a ping within 2 s',
      ),
    });
    assert.equal(driver.state.connection.state, 'disconnected');
    assert.deepEqual(ofType(lost, 'ping'), [{ type: 'ping', delayMs: 2000 }]);
    // No refresh of the list while the server is gone.
    assert.deepEqual(ofType(driver.send({ type: 'pollDue' }), 'pollDatasets'), []);
    const back = driver.send({ type: 'reconnected' });
    assert.equal(driver.state.connection.state, 'connected');
    assert.equal(driver.state.message?.text, 'Connected again.');
    assert.ok(back.some((effect) => effect.type === 'listDatasets'));
    assert.deepEqual(ofType(back, 'ping'), [{ type: 'ping', delayMs: 2000 }]);
  });
});

describe('the list refreshes itself', () => {
  it('times a refresh from each whole read, and sends what it knows', () => {
    const driver = new ModelDriver();
    const read = driver.send({ type: 'datasets', rows: three(), held: [] });
    assert.deepEqual(ofType(read, 'pollLater'), [{ type: 'pollLater', delayMs: 5000 }]);
    const due = ofType(driver.send({ type: 'pollDue' }), 'pollDatasets');
    assert.deepEqual(
      due.map((effect) => effect.known.map((row) => row.name)),
      [['alpha', 'beta', 'gamma']],
    );
  });

  it('marks what another process added or changed, says what it renamed or removed, and follows the selection', () => {
    const driver = listing(three());
    driver.type('j'); // beta
    const after = [
      datasetRow('alpha', 9), // appended to
      datasetRow('bravo', 3), // beta, renamed (same records and metadata, but its _id)
      datasetRow('delta', 1), // new
    ];
    after[1] = { ...after[1]!, metadata: { ...datasetRow('beta', 3).metadata!, _id: 'bravo' } };
    refreshWith(driver, after); // gamma removed
    assert.deepEqual(names(driver), ['alpha', 'bravo', 'delta']);
    assert.equal(driver.state.browse.selected, 'bravo');
    assert.deepEqual(driver.state.browse.marks, { alpha: 'changed', bravo: 'new', delta: 'new' });
    assert.equal(driver.state.message?.tone, 'warning');
    assert.match(
      driver.state.message?.text ?? '',
      /^Changed elsewhere: 4 datasets \(1 renamed, 1 removed, 1 added, marked \+, 1 changed, marked \*\)\.$/,
    );
  });

  it('names the changes when they are few, and moves off a removed selection to its neighbour', () => {
    const driver = listing(three());
    driver.type('j'); // beta
    refreshWith(driver, [datasetRow('alpha', 8), datasetRow('gamma', 20)]);
    assert.equal(driver.state.browse.selected, 'gamma');
    assert.equal(driver.state.message?.text, 'Changed elsewhere: "beta" removed.');
  });

  it('says nothing and marks nothing when nothing changed, and waits longer after a slow refresh', () => {
    const driver = listing(three());
    const effects = refreshWith(driver, three(), 1000);
    assert.equal(driver.state.message, null);
    assert.deepEqual(driver.state.browse.marks, {});
    // 20 times the 1 s the refresh took.
    assert.deepEqual(ofType(effects, 'pollLater'), [{ type: 'pollLater', delayMs: 20_000 }]);
  });

  it('leaves the metadata pane where the operator scrolled it', () => {
    const driver = listing(three());
    driver.type('\rjjj');
    assert.equal(driver.state.browse.detailLine, 3);
    refreshWith(driver, [...three(), datasetRow('zeta', 1)]);
    assert.equal(driver.state.browse.focus, 'details');
    assert.equal(driver.state.browse.detailLine, 3);
  });

  it('clears a mark once the selection has been on its row', () => {
    const driver = listing(three());
    refreshWith(driver, [...three(), datasetRow('zeta', 1)]);
    assert.deepEqual(driver.state.browse.marks, { zeta: 'new' });
    driver.type('G');
    assert.deepEqual(driver.state.browse.marks, {});
  });

  it('reads nothing while the list is not in front, and refreshes as soon as it is back', () => {
    const driver = listing(three());
    driver.type('?');
    assert.deepEqual(ofType(driver.send({ type: 'pollDue' }), 'pollDatasets'), []);
    const closed = driver.type(ESC);
    assert.equal(ofType(closed, 'pollDatasets').length, 1);

    const other = listing(three());
    other.type('p');
    assert.equal(other.state.screen.kind, 'preview');
    assert.deepEqual(ofType(other.send({ type: 'pollDue' }), 'pollDatasets'), []);
    assert.equal(ofType(other.type(ESC), 'pollDatasets').length, 1);
  });

  it('drops a refresh a whole read (R) overtook', () => {
    const driver = listing(three());
    const poll = ofType(driver.send({ type: 'pollDue' }), 'pollDatasets')[0]!;
    driver.type('R');
    driver.send({ type: 'datasetsPolled', sequence: poll.sequence, rows: [], held: [], ms: 5 });
    assert.deepEqual(names(driver), ['alpha', 'beta', 'gamma']);
  });

  it('refreshes after an action that failed: the dataset may be gone', () => {
    const driver = listing(three());
    driver.type('p');
    const sequence = driver.last('preview').sequence;
    const failed = driver.send({
      type: 'failed',
      effect: 'preview',
      sequence,
      error: new FluxError('not-found', 'dataset "alpha" not found'),
    });
    assert.equal(ofType(failed, 'pollDatasets').length, 1);
  });
});

describe('sorting the list', () => {
  it('s cycles name, records (most first), dates (newest first), keeping the selection', () => {
    const rows = [
      datasetRow('alpha', 8, { lastDate: '2004-06-30T21:00:00' }),
      datasetRow('beta', 3, { lastDate: '2009-06-15T00:00:00' }),
      datasetRow('delta', 20, { lastDate: null, records: undefined }),
      datasetRow('gamma', 20, { lastDate: '2001-01-01T00:00:00' }),
    ];
    const driver = listing(rows);
    driver.type('j'); // beta
    assert.deepEqual(names(driver), ['alpha', 'beta', 'delta', 'gamma']);
    driver.type('s');
    assert.deepEqual(names(driver), ['gamma', 'alpha', 'beta', 'delta']);
    assert.equal(driver.state.message?.text, 'Sorted by records, most first.');
    assert.equal(driver.state.browse.selected, 'beta');
    driver.type('s');
    assert.deepEqual(names(driver), ['beta', 'alpha', 'gamma', 'delta']);
    assert.equal(driver.state.message?.text, 'Sorted by dates, newest first.');
    driver.type('j'); // moves in the order shown: after beta (2009) comes alpha (2004)
    assert.equal(driver.state.browse.selected, 'alpha');
    driver.type('s');
    assert.deepEqual(names(driver), ['alpha', 'beta', 'delta', 'gamma']);
    assert.equal(driver.state.message?.text, 'Sorted by name.');
  });
});

describe('the whole metadata document', () => {
  it('m shows the document the list brought at once, reads it again, and scrolls within it', () => {
    const driver = listing(three(), 80, 20);
    const opened = driver.type('m');
    const screen = driver.state.screen;
    assert.equal(screen.kind, 'metadata');
    if (screen.kind !== 'metadata') return;
    assert.equal(screen.view.document?._id, 'alpha');
    const read = ofType(opened, 'metadataDocument');
    assert.deepEqual(
      read.map(({ name }) => name),
      ['alpha'],
    );
    const dates = Array.from(
      { length: 40 },
      (_, k) => `2009-06-${String((k % 30) + 1).padStart(2, '0')}T00:00:00`,
    );
    driver.send({
      type: 'metadataDocument',
      sequence: read[0]!.sequence,
      metadata: { _id: 'alpha', title: 'A', dates },
    });
    // The document as JSON with 2-space indentation: {, _id, title, "dates": [, 40 dates, ], }
    // is 46 lines; 20 rows less the status bar, message and key lines and the view's title
    // and position lines leave 15, so the last page starts at line 31 (index 31).
    driver.type('G');
    const at = driver.state.screen;
    assert.ok(at.kind === 'metadata' && at.view.top === 31, JSON.stringify(at));
    driver.type('g');
    const top = driver.state.screen;
    assert.ok(top.kind === 'metadata' && top.view.top === 0);
    driver.type(ESC);
    assert.equal(driver.state.screen.kind, 'browse');
  });

  it('a document gone since refreshes the list', () => {
    const driver = listing(three());
    const read = ofType(driver.type('m'), 'metadataDocument')[0]!;
    const answered = driver.send({
      type: 'metadataDocument',
      sequence: read.sequence,
      metadata: null,
    });
    assert.equal(ofType(answered, 'pollDatasets').length, 1);
  });
});

describe("the list's key line at 80 columns", () => {
  it('keeps R refresh', () => {
    const driver = listing(three());
    const line = keyLine(activeBindings(driver.state), driver.state, 80);
    assert.equal(line, 'l load  p preview  r rename  d remove  a audit  R refresh  ? help  q quit');
  });
});
