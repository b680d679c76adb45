import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { FluxError } from '#core/errors.js';
import { parameterUnits, PreviewSession } from '#core/operations/preview.js';
import { previewStepFor } from '#core/operations/previewStep.js';
import { FERRETDB_V1, loadInto } from '#test/support/fixtureLoads.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { python } from '#test/support/python.js';
import { useTempDir } from '#test/support/tempDir.js';

/**
 * The preview's reading and choosing of steps on the in-memory store, as MongoDB (a lookup a
 * step) and as FerretDB v1 (one cursor walking the collection in stored order). Expected
 * values are the fixture facts of test/fixtures/flux/README.md (casagfed2004: 8 steps 3 hours
 * apart; kriged_xco2: one step, parameters values and errors) or hand-counted.
 */
const temp = useTempDir('preview-ops');

/** The 8 times of casagfed2004 loaded from 2004-06-30T00:00:00: 3 hours apart. */
const CASA_TIMES = [0, 3, 6, 9, 12, 15, 18, 21].map(
  (hour) => `2004-06-30T${String(hour).padStart(2, '0')}:00:00`,
);

const casa = (store: MemoryStore) =>
  loadInto(store, 'casa', 'casagfed2004.mat', 'SpatioTemporalMatrix', '2004-06-30T00:00:00');

/**
 * 3 cells (at longitudes `xs`, latitudes 40.5, 41.5, 42.5; 1-degree cells), `steps` steps 3
 * hours apart: step k's values are 10k, 10k+1, 10k+2.
 */
async function longDataset(
  store: MemoryStore,
  steps: number,
  xs = [10.5, 11.5, 12.5],
): Promise<MemoryStore> {
  const values = [...xs, 40.5, 41.5, 42.5];
  for (let k = 0; k < steps; k++) values.push(10 * k, 10 * k + 1, 10 * k + 2);
  const file = temp.file(`long${steps}-${xs.join('_')}.mat`);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 2 + steps], values }]),
  );
  return loadInto(store, 'long', file, 'SpatioTemporalMatrix', '2004-06-30T00:00:00');
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('previewStepFor: the step typed text means', () => {
  it('a step number from 1 to the count', () => {
    assert.deepEqual(previewStepFor(CASA_TIMES, '3'), { index: 2, note: null });
    assert.deepEqual(previewStepFor(CASA_TIMES, ' 8 '), { index: 7, note: null });
    assert.deepEqual(previewStepFor(CASA_TIMES, '9'), {
      problem: 'there is no step 9: the steps are 1 to 8',
    });
    assert.deepEqual(previewStepFor(CASA_TIMES, '0'), {
      problem: 'there is no step 0: the steps are 1 to 8',
    });
  });

  it('the first time that begins with a date as typed (a space for the T)', () => {
    assert.deepEqual(previewStepFor(CASA_TIMES, '2004-06-30T03'), { index: 1, note: null });
    assert.deepEqual(previewStepFor(CASA_TIMES, '2004-06-30 06:00'), { index: 2, note: null });
    assert.deepEqual(previewStepFor(CASA_TIMES, '2004-06-30T21:00:00'), { index: 7, note: null });
    // Four digits beyond the count: a year.
    assert.deepEqual(previewStepFor(CASA_TIMES, '2004'), { index: 0, note: null });
  });

  it('the nearest time to a date that is not one, saying so; an exact one in another zone', () => {
    // 07:00 is 1 h after 06:00 and 2 h before 09:00.
    assert.deepEqual(previewStepFor(CASA_TIMES, '2004-06-30T07:00'), {
      index: 2,
      note: 'no step at 2004-06-30T07:00:00: the nearest is step 3, 2004-06-30T06:00:00',
    });
    // 04:30 is as far from 03:00 as from 06:00: the earlier.
    assert.equal((previewStepFor(CASA_TIMES, '2004-06-30 04:30') as { index: number }).index, 1);
    assert.deepEqual(previewStepFor(CASA_TIMES, '2010-01-01'), {
      index: 7,
      note: 'no step at 2010-01-01T00:00:00: the nearest is step 8, 2004-06-30T21:00:00',
    });
    // 05:00 at +02:00 is 03:00 UTC.
    assert.deepEqual(previewStepFor(CASA_TIMES, '2004-06-30T05:00:00+02:00'), {
      index: 1,
      note: null,
    });
  });

  it('neither: says what can be typed', () => {
    const problem = `"soon" is neither a step number (1 to 8) nor a date such as 2004-06-30T00:00:00`;
    assert.deepEqual(previewStepFor(CASA_TIMES, 'soon'), { problem });
    assert.match((previewStepFor(CASA_TIMES, '  ') as { problem: string }).problem, /^type a/);
    assert.deepEqual(previewStepFor([], '1'), { problem: 'this dataset has no time steps' });
  });
});

describe("parameterUnits: a parameter's units as the Explorer's web page shows them", () => {
  it('decodes HTML entities as HTML does (Python html.unescape is the reference)', async () => {
    const written = [
      '&mu;mol/m&sup2;',
      'ppm&sup2;',
      'g C m&minus;&sup2; d&minus;&sup1;',
      '&deg;C',
      'W m&#8722;2',
      '&#x3bc;g &amp; &micro;g',
      'a &unknownentity; b',
    ];
    const expected = await python<string[]>(
      'import html\nemit([html.unescape(t) for t in data])',
      written,
    );
    assert.deepEqual(
      written.map((units) => parameterUnits({ _id: 'a', units: { values: units } }, 'values')),
      expected,
    );
  });

  it('none when the metadata gives none for the parameter', () => {
    const metadata = { _id: 'a', units: { x: 'degrees', values: '', errors: 3 } };
    assert.equal(parameterUnits(metadata, 'values'), null);
    assert.equal(parameterUnits(metadata, 'errors'), null);
    assert.equal(parameterUnits(metadata, 'other'), null);
    assert.equal(parameterUnits({ _id: 'a' }, 'values'), null);
    assert.equal(parameterUnits(metadata, null), null);
  });
});

describe('a preview session', () => {
  it('holds the index to the first and the last step: it never wraps around', async () => {
    const session = await PreviewSession.open(await casa(new MemoryStore()), 'casa');
    try {
      const before = await session.frame(-1);
      assert.deepEqual([before.index, before.time], [0, CASA_TIMES[0]]);
      const after = await session.frame(8);
      assert.deepEqual([after.index, after.time], [7, CASA_TIMES[7]]);
      assert.deepEqual(after.times, CASA_TIMES);
      assert.equal(after.count, 8);
      // The casa config's units (test/fixtures/flux/casagfed2004.json).
      assert.deepEqual(after.axes, { x: 'degrees', y: 'degrees' });
      assert.equal(after.units, 'μmol/m²');
    } finally {
      await session.close();
    }
  });

  it('on FerretDB, reports each step it reads on its way to the last', async () => {
    const session = await PreviewSession.open(await casa(new MemoryStore(FERRETDB_V1)), 'casa');
    try {
      const seen: Array<[number, number]> = [];
      const frame = await session.frame(7, {
        readAhead: false,
        onProgress: ({ step, count }) => seen.push([step, count]),
      });
      assert.equal(frame.time, '2004-06-30T21:00:00');
      assert.deepEqual(
        seen,
        range(1, 8).map((step) => [step, 8]),
      );
      // The steps it passed are kept: going back reads nothing.
      const back: number[] = [];
      await session.frame(5, { onProgress: ({ step }) => back.push(step) });
      assert.deepEqual(back, []);
    } finally {
      await session.close();
    }
  });

  it('on FerretDB, a step behind the cursor starts it again at once, not after the end', async () => {
    const store = await longDataset(new MemoryStore(FERRETDB_V1), 40);
    const session = await PreviewSession.open(store, 'long');
    try {
      const ahead: number[] = [];
      await session.frame(30, { readAhead: false, onProgress: ({ step }) => ahead.push(step) });
      assert.deepEqual(ahead, range(1, 31));
      // Step 6 is no longer among the 16 steps kept (16 to 31).
      const behind: number[] = [];
      const frame = await session.frame(5, {
        readAhead: false,
        onProgress: ({ step }) => behind.push(step),
      });
      assert.deepEqual(behind, range(1, 6));
      assert.deepEqual(
        frame.points.map((point) => point.value),
        [50, 51, 52],
      );
    } finally {
      await session.close();
    }
  });

  it('a request for another step stops the read on its way; the cursor goes on from there', async () => {
    const session = await PreviewSession.open(await casa(new MemoryStore(FERRETDB_V1)), 'casa');
    try {
      const toLast: number[] = [];
      const last = session.frame(7, { onProgress: ({ step }) => toLast.push(step) });
      const third: number[] = [];
      const frame = await session.frame(2, { onProgress: ({ step }) => third.push(step) });
      await assert.rejects(
        last,
        (error) => error instanceof FluxError && error.kind === 'cancelled',
      );
      assert.equal(frame.time, '2004-06-30T06:00:00');
      assert.deepEqual([...toLast, ...third], range(1, 3), 'no document is read twice');
      // Asked for again, the last step is read, not the stopped read's answer.
      assert.equal((await session.frame(7)).time, '2004-06-30T21:00:00');
    } finally {
      await session.close();
    }
  });

  it('draws any parameter the metadata lists: a kriged dataset values or errors', async () => {
    const store = await loadInto(
      new MemoryStore(),
      'kriged',
      'kriged_xco2.mat',
      'KrigedXCO2Matrix',
      '2009-06-15',
    );
    const session = await PreviewSession.open(store, 'kriged');
    try {
      const values = await session.frame(0);
      assert.equal(values.parameter, 'values');
      assert.deepEqual(values.parameters, ['values', 'errors']);
      const errors = await session.frame(0, { parameter: 'errors' });
      assert.equal(errors.parameter, 'errors');
      assert.equal(errors.time, '2009-06-15T00:00:00');
      // The stored document's errors, cell by cell, and the errors' statistics for the scale.
      const [stored] = await store.documentsAt('kriged', '_id', new Date('2009-06-15T00:00:00Z'));
      assert.equal(errors.points.length, 14210);
      assert.deepEqual(
        errors.points.map((point) => point.value),
        stored?.errors,
      );
      const stats = (await store.readMetadata('kriged'))?.stats as Record<
        string,
        { min: number; max: number }
      >;
      assert.deepEqual(errors.range, { min: stats.errors?.min, max: stats.errors?.max });
      assert.notDeepEqual(errors.range, values.range);
      // A parameter the metadata does not list: the first it lists.
      assert.equal((await session.frame(0, { parameter: 'nope' })).parameter, 'values');
    } finally {
      await session.close();
    }
  });

  it("reads a cell's series in one pass, in time order whatever the stored order, and keeps it", async () => {
    const store = await longDataset(new MemoryStore(), 5);
    // Step 2 (03:00) moved to the end of the collection: stored order 1, 3, 4, 5, 2.
    const second = new Date('2004-06-30T03:00:00Z');
    const moved = await store.documentsAt('long', '_id', second);
    await store.deleteTimes('long', '_id', [second]);
    await store.insertDocuments('long', moved);
    const session = await PreviewSession.open(store, 'long');
    try {
      const seen: Array<[number, number]> = [];
      const series = await session.cellSeries(1, {
        onProgress: ({ read, count }) => seen.push([read, count]),
      });
      // Step k's cell 1 is 10k + 1.
      assert.deepEqual(series, {
        dataset: 'long',
        parameter: 'values',
        cell: 1,
        values: [1, 11, 21, 31, 41],
      });
      assert.deepEqual(seen, [
        [1, 5],
        [2, 5],
        [3, 5],
        [4, 5],
        [5, 5],
      ]);
      const again: number[] = [];
      const kept = await session.cellSeries(1, { onProgress: ({ read }) => again.push(read) });
      assert.deepEqual(kept.values, [1, 11, 21, 31, 41]);
      assert.deepEqual(again, [], 'a series read whole is kept: nothing is read again');
      // A parameter the metadata does not list: the first it lists; a cell past the grid: nulls.
      assert.equal((await session.cellSeries(2, { parameter: 'nope' })).parameter, 'values');
      assert.deepEqual((await session.cellSeries(3)).values, [null, null, null, null, null]);
    } finally {
      await session.close();
    }
  });

  it('on MongoDB, another cell asked for stops the series on its way; so does leaving', async () => {
    const store = await longDataset(new MemoryStore(), 6);
    const session = await PreviewSession.open(store, 'long');
    try {
      const first: number[] = [];
      const stopped = session.cellSeries(0, { onProgress: ({ read }) => first.push(read) });
      const other = await session.cellSeries(2);
      await assert.rejects(
        stopped,
        (error) => error instanceof FluxError && error.kind === 'cancelled',
      );
      assert.deepEqual(first, [], 'stopped before its first document');
      assert.deepEqual(other.values, [2, 12, 22, 32, 42, 52]);
      const left = session.cellSeries(0);
      session.stop();
      await assert.rejects(
        left,
        (error) => error instanceof FluxError && error.kind === 'cancelled',
      );
      // Asked again, it is read whole, not the stopped read's answer.
      assert.deepEqual((await session.cellSeries(0)).values, [0, 10, 20, 30, 40, 50]);
    } finally {
      await session.close();
    }
  });

  it('on FerretDB, one pass keeps the cells around the one asked for; a far one is a pass of its own', async () => {
    // Cells 0 and 1 are a degree apart; cell 2 is 89 degrees east of cell 1.
    const store = await longDataset(new MemoryStore(FERRETDB_V1), 6, [10.5, 11.5, 100.5]);
    const session = await PreviewSession.open(store, 'long');
    try {
      const [first, second, third] = [[], [], []] as [number[], number[], number[]];
      const zero = session.cellSeries(0, { onProgress: ({ read }) => first.push(read) });
      const one = session.cellSeries(1, { onProgress: ({ read }) => second.push(read) });
      assert.deepEqual((await one).values, [1, 11, 21, 31, 41, 51]);
      assert.deepEqual((await zero).values, [0, 10, 20, 30, 40, 50]);
      // One pass of the six documents, told to the newest asker.
      assert.deepEqual([first, second], [[], range(1, 6)]);
      await session.cellSeries(1, { onProgress: ({ read }) => third.push(read) });
      assert.equal(third.length, 0, 'kept: nothing read');
      const far = session.cellSeries(2, { onProgress: ({ read }) => third.push(read) });
      session.stop();
      await assert.rejects(
        far,
        (error) => error instanceof FluxError && error.kind === 'cancelled',
      );
      assert.deepEqual((await session.cellSeries(2)).values, [2, 12, 22, 32, 42, 52]);
    } finally {
      await session.close();
    }
  });
  it("on FerretDB, another step asked for stops the step's read, not the cell's series", async () => {
    const store = await longDataset(new MemoryStore(FERRETDB_V1), 40);
    const session = await PreviewSession.open(store, 'long');
    try {
      const far = session.frame(30, { readAhead: false });
      const series = session.cellSeries(1);
      const near = await session.frame(2, { readAhead: false });
      await assert.rejects(
        far,
        (error) => error instanceof FluxError && error.kind === 'cancelled',
      );
      assert.deepEqual(
        near.points.map((point) => point.value),
        [20, 21, 22],
      );
      // Step k's cell 1 is 10k + 1, for every one of the 40 steps.
      assert.deepEqual(
        (await series).values,
        range(0, 39).map((k) => 10 * k + 1),
      );
    } finally {
      await session.close();
    }
  });
});
