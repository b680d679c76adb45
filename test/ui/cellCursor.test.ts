import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FluxError } from '#core/errors.js';
import type { PreviewFrame } from '#core/operations/preview.js';
import { activeBindings } from '#ui/model/activeBindings.js';
import { keyLine } from '#ui/model/bindings.js';
import type { PreviewState } from '#ui/model/preview.js';
import { cellLines, neighbourCell, sparkline, startCell } from '#ui/preview/cell.js';
import { CURSOR, drawRaster, pixelOf } from '#ui/preview/raster.js';
import type { Effect } from '#ui/model/types.js';
import { datasetRow, ModelDriver } from '#test/support/uiModel.js';

/**
 * The preview's cell cursor: where it starts and how it moves on a hand-made grid, the
 * sparkline and the lines under the map (expected strings worked out by hand in the comments),
 * the marker on the map, and the keys and answers in the UI model.
 *
 * The grid, 1-degree cells, rows from the north (y = 2) down; (1, 1) is missing (sea):
 *
 *     y=2   #0 ( 1)   #1 (-5)   #2 ( 2)
 *     y=1   #3 ( 3)     --      #4 ( 4)
 *     y=0   #5 (nul)  #6 ( 5)   #7 ( 0)
 */
const GRID = [
  { x: 0, y: 2, value: 1 },
  { x: 1, y: 2, value: -5 },
  { x: 2, y: 2, value: 2 },
  { x: 0, y: 1, value: 3 },
  { x: 2, y: 1, value: 4 },
  { x: 0, y: 0, value: null },
  { x: 1, y: 0, value: 5 },
  { x: 2, y: 0, value: 0 },
];
const CELL = { x: 1, y: 1 };

describe('the cell cursor on a grid', () => {
  it('starts at the largest absolute value, the first of equals; the first cell without values', () => {
    // |-5| = |5|: #1 comes first.
    assert.equal(startCell(GRID), 1);
    assert.equal(startCell(GRID.map((point) => ({ ...point, value: null }))), 0);
    assert.equal(startCell([]), null);
  });

  it('moves to the next cell on its row or column, over a missing cell, and not off the grid', () => {
    assert.equal(neighbourCell(GRID, 1, 'east', CELL), 2);
    assert.equal(neighbourCell(GRID, 1, 'west', CELL), 0);
    assert.equal(neighbourCell(GRID, 1, 'south', CELL), 6, 'over the missing (1, 1)');
    assert.equal(neighbourCell(GRID, 1, 'north', CELL), null);
    assert.equal(neighbourCell(GRID, 3, 'east', CELL), 4, 'over the missing (1, 1)');
    assert.equal(neighbourCell(GRID, 7, 'east', CELL), null);
    assert.equal(neighbourCell(GRID, 7, 'north', CELL), 4);
    assert.equal(neighbourCell(GRID, 5, 'north', CELL), 3);
    assert.equal(neighbourCell(GRID, 99, 'north', CELL), null);
  });

  it('tells rows apart within half a cell (a 0.5-degree grid)', () => {
    const half = [
      { x: 0.25, y: 0.25, value: 1 },
      { x: 0.75, y: 0.25, value: 1 },
      { x: 0.25, y: 0.75, value: 1 },
    ];
    assert.equal(neighbourCell(half, 0, 'east', { x: 0.5, y: 0.5 }), 1);
    assert.equal(neighbourCell(half, 0, 'north', { x: 0.5, y: 0.5 }), 2);
    assert.equal(neighbourCell(half, 1, 'north', { x: 0.5, y: 0.5 }), null);
  });
});

describe('the sparkline', () => {
  it('one column a step: level ⌊8(v - min)/(max - min)⌋, the top one for the max', () => {
    // 0..7 over min 0, max 7: ⌊8v/7⌋ = 0, 1, 2, 3, 4, 5, 6, 8 → 7.
    assert.deepEqual(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, 2), {
      text: '▁▂▃▄▅▆▇█',
      at: 2,
      min: 0,
      max: 7,
    });
  });

  it('a null is a gap; no wider than the series', () => {
    // min 0, max 4: 2 → ⌊16/4⌋ = 4 (▅), 4 → 8 → 7 (█), 0 → ▁.
    assert.deepEqual(sparkline([2, null, 4, 0], 10, 1), { text: '▅ █▁', at: 1, min: 0, max: 4 });
  });

  it('more steps than columns: each column the mean of its steps, the current one in its column', () => {
    // Columns hold steps 0-1, 2-3, 4-5: means 1, 5, none; min 0, max 6: ⌊8/6⌋ = 1, ⌊40/6⌋ = 6.
    assert.deepEqual(sparkline([0, 2, 4, 6, null, null], 3, 3), {
      text: '▂▇ ',
      at: 1,
      min: 0,
      max: 6,
    });
    // Five steps in two columns: steps 0-1 (mean 1.5) and 2-4 (mean 4); min 1, max 5.
    assert.deepEqual(sparkline([1, 2, 3, 4, 5], 2, 4), { text: '▂▇', at: 1, min: 1, max: 5 });
  });

  it('a constant series sits at the fourth level; none at all is blank', () => {
    assert.deepEqual(sparkline([3, 3, 3], 5, 0), { text: '▄▄▄', at: 0, min: 3, max: 3 });
    assert.deepEqual(sparkline([null, null], 5, 0), { text: '  ', at: 0, min: null, max: null });
  });
});

describe('the lines under the map', () => {
  const point = { x: -96.5, y: 19.5, value: -6.89 };
  const step = { index: 0, count: 8 };

  it('the cell, its value and units, then min, the sparkline cut at the step shown, and max', () => {
    // min -6.89, max 2.93 (a span of 9.82): 2 → ⌊8·8.89/9.82⌋ = 7, 0 → ⌊8·6.89/9.82⌋ = 5,
    // -1 → ⌊8·5.89/9.82⌋ = 4, 1 → ⌊8·7.89/9.82⌋ = 6.
    const values = [-6.89, 2.93, 2, null, 0, -1, 1, 2.93];
    assert.deepEqual(cellLines(point, step, 'μmol/m²', { values }, 80), {
      cell: 'x -96.5  y 19.5  value -6.89 μmol/m² at step 1 of 8  (h/j/k/l move, c hides)',
      series: { before: 'min -6.89 ', mark: '▁', after: '██ ▆▅▇█ max 2.93' },
    });
    const fourth = cellLines(point, { index: 3, count: 8 }, null, { values }, 60);
    assert.equal(fourth.cell, 'x -96.5  y 19.5  value -6.89 at step 4 of 8');
    assert.deepEqual(fourth.series, { before: 'min -6.89 ▁██', mark: ' ', after: '▆▅▇█ max 2.93' });
  });

  it('how far the read has got, or that the cell never has a value', () => {
    const reading = cellLines(point, step, null, { progress: 'series 3/8...' }, 80);
    assert.equal(reading.series, 'series 3/8...');
    const empty = cellLines({ ...point, value: null }, step, 'ppm', { values: [null, null] }, 80);
    assert.equal(empty.cell, 'x -96.5  y 19.5  no value at step 1 of 8  (h/j/k/l move, c hides)');
    assert.equal(empty.series, 'no value at this cell in any step');
  });

  it('the cursor is a character on the map, with or without colour', () => {
    // 3 x 3 degrees on 3 x 3 pixels: (1.5, 2.5) is column 1 of the top row.
    const extent = { minX: 0, minY: 0, maxX: 3, maxY: 3 };
    assert.deepEqual(pixelOf({ x: 1.5, y: 2.5 }, extent, 3, 3), { column: 1, row: 0 });
    assert.deepEqual(pixelOf({ x: 0.2, y: 0.2 }, extent, 3, 3), { column: 0, row: 2 });
    assert.equal(pixelOf({ x: 3.5, y: 1 }, extent, 3, 3), null);
    // Pixels of 0.5 on a scale of 0..1: shade 5 of 10 is "*"; the marker's pair of rows is 0.
    const raster = [
      [0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5],
    ];
    assert.deepEqual(drawRaster(raster, { min: 0, max: 1 }, 'none', { column: 1, row: 1 }), [
      `*${CURSOR}*`,
    ]);
    const [coloured] = drawRaster(raster, { min: 0, max: 1 }, '16', { column: 2, row: 0 });
    assert.ok(coloured?.endsWith(`\u001b[7m${CURSOR}\u001b[0m`), JSON.stringify(coloured));
    assert.ok(!'.:-=+*#%@'.includes(CURSOR), 'no shade looks like the cursor');
  });
});

/** The preview of alpha open at step 0 of 8, its frame the grid above. */
function previewing(): ModelDriver {
  const driver = new ModelDriver();
  driver.send({ type: 'datasets', rows: [datasetRow('alpha')], held: [] });
  driver.type('p');
  const asked = driver.last('preview');
  const frame: PreviewFrame = {
    dataset: 'alpha',
    kind: 'grid',
    parameter: 'values',
    parameters: ['values', 'errors'],
    units: 'ppm',
    axes: { x: 'degrees', y: 'degrees' },
    index: 0,
    count: 8,
    time: '2004-06-30T00:00:00',
    times: Array.from(
      { length: 8 },
      (_, k) => `2004-06-30T${String(3 * k).padStart(2, '0')}:00:00`,
    ),
    points: GRID,
    range: { min: -5, max: 5 },
    scale: null,
    extent: null,
    cell: CELL,
  };
  driver.send({ type: 'previewFrame', sequence: asked.sequence, frame });
  return driver;
}

const previewOf = (driver: ModelDriver): PreviewState => {
  const screen = driver.state.screen;
  if (screen.kind !== 'preview') throw new Error(`the preview is not open (${screen.kind})`);
  return screen.preview;
};

const seriesAsked = (effects: Effect[]) =>
  effects
    .filter((effect) => effect.type === 'cellSeries')
    .map(({ cell, parameter }) => ({ cell, parameter }));

describe('the cell cursor in the preview model', () => {
  it('c starts it at the largest value and asks for its series; h/j/k/l move it, arrows step', () => {
    const driver = previewing();
    assert.deepEqual(seriesAsked(driver.type('c')), [{ cell: 1, parameter: 'values' }]);
    assert.equal(previewOf(driver).cell?.index, 1);
    assert.deepEqual(seriesAsked(driver.type('j')), [{ cell: 6, parameter: 'values' }]);
    assert.deepEqual(seriesAsked(driver.type('l')), [{ cell: 7, parameter: 'values' }]);
    assert.deepEqual(seriesAsked(driver.type('k')), [{ cell: 4, parameter: 'values' }]);
    assert.deepEqual(seriesAsked(driver.type('h')), [{ cell: 3, parameter: 'values' }]);
    assert.deepEqual(seriesAsked(driver.type('h')), [], 'the west edge');
    assert.match(driver.state.message?.text ?? '', /no cell west of this one/);
    assert.equal(previewOf(driver).cell?.index, 3);
    // The arrows still step through time, the cursor staying on its cell.
    const stepped = driver.type('\u001b[C').filter((effect) => effect.type === 'preview');
    assert.deepEqual(
      stepped.map((effect) => (effect as { index: number }).index),
      [1],
    );
    assert.equal(previewOf(driver).cell?.index, 3);
    // p: the series of the next parameter.
    assert.deepEqual(seriesAsked(driver.type('p')), [{ cell: 3, parameter: 'errors' }]);
  });

  it('shows how far its series has got, and takes only the answer to the newest request', () => {
    const driver = previewing();
    driver.type('c');
    const first = driver.last('cellSeries');
    driver.send({
      type: 'cellSeriesProgress',
      sequence: first.sequence,
      progress: { read: 3, count: 8 },
    });
    assert.deepEqual(previewOf(driver).cell?.progress, { read: 3, count: 8 });
    driver.type('l');
    const second = driver.last('cellSeries');
    assert.notEqual(second.sequence, first.sequence);
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    // The first read, stopped, and a late answer to it: neither touches the cursor now.
    driver.send({
      type: 'failed',
      effect: 'cellSeries',
      sequence: first.sequence,
      error: new FluxError('cancelled', 'a newer step or cell was asked for'),
    });
    driver.send({
      type: 'cellSeries',
      sequence: first.sequence,
      series: { dataset: 'alpha', parameter: 'values', cell: 1, values },
    });
    assert.equal(previewOf(driver).cell?.series, null);
    assert.equal(previewOf(driver).cell?.reading, second.sequence);
    const series = { dataset: 'alpha', parameter: 'values', cell: 2, values };
    driver.send({ type: 'cellSeries', sequence: second.sequence, series });
    assert.deepEqual(previewOf(driver).cell, {
      index: 2,
      series,
      reading: null,
      progress: null,
      error: null,
    });
  });

  it('a failed series says why; c hides the cursor, stopping a read on its way', () => {
    const driver = previewing();
    driver.type('c');
    driver.send({
      type: 'failed',
      effect: 'cellSeries',
      sequence: driver.last('cellSeries').sequence,
      error: new FluxError('not-found', '"alpha" is no longer in the database'),
    });
    assert.match(previewOf(driver).cell?.error ?? '', /no longer in the database/);
    assert.deepEqual(
      driver.type('c').filter((effect) => effect.type === 'stopCellSeries'),
      [],
      'nothing on its way to stop',
    );
    assert.equal(previewOf(driver).cell, null);
    driver.type('c');
    assert.deepEqual(
      driver.type('c').filter((effect) => effect.type === 'stopCellSeries'),
      [{ type: 'stopCellSeries', name: 'alpha' }],
    );
    // Stopped by something else than a move (the list read again closed the session): said.
    driver.type('c');
    driver.send({
      type: 'failed',
      effect: 'cellSeries',
      sequence: driver.last('cellSeries').sequence,
      error: new FluxError('cancelled', 'a newer step or cell was asked for'),
    });
    assert.equal(
      previewOf(driver).cell?.error,
      'the series read was stopped: c twice reads it again',
    );
    driver.type('c');
    // Hidden again: h steps back through time (held at the first step), not a cell.
    assert.deepEqual(seriesAsked(driver.type('h')), []);
    assert.match(driver.state.message?.text ?? '', /first step: there is none before it/);
  });

  it('the key line says c, and with the cursor on, that c hides it; h/j/k/l are in help', () => {
    const driver = previewing();
    const line = () => keyLine(activeBindings(driver.state), driver.state, 80);
    assert.match(line(), /←\/h previous {2}→\/l next {2}: go to {2}p parameter {2}c cell/);
    driver.type('c');
    assert.match(line(), /← previous {2}→ next {2}: go to {2}p parameter {2}c hide cell/);
    const keys = activeBindings(driver.state).flatMap((binding) => binding.keys);
    for (const key of ['h', 'j', 'k', 'l', 'left', 'right', 'up', 'down', 'c'])
      assert.equal(keys.filter((bound) => bound === key).length, 1, key);
  });

  it('c before the first step is drawn, or on observations, says why it does nothing', () => {
    const driver = new ModelDriver();
    driver.send({ type: 'datasets', rows: [datasetRow('alpha')], held: [] });
    driver.type('p');
    assert.deepEqual(seriesAsked(driver.type('c')), []);
    assert.match(driver.state.message?.text ?? '', /first step is still being read/);
  });
});
