/**
 * The data checks on generated files (docs/loading.md, "Data checks"), each with its outcome
 * written by hand; the grid is test/support/checkGrids.ts's (60 x 30 cells, rows from 1 in
 * the messages, four steps 3 hours apart). Run on the in-memory store: a refusal leaves it
 * with no collection at all.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import type { DataWarning } from '#core/checks/index.js';
import { runLoad, type LoadCommand } from '#core/operations/load/index.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { writeMat5 } from '#test/support/matWriter.js';
import {
  CELLS,
  cleanGrid,
  fillBlockGrid,
  TIMES,
  writeGridFile,
  zeroStepGrid,
  type Grid,
} from '#test/support/checkGrids.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('checks');

const gridFile = (name: string, grid: Grid, swap = false) =>
  writeGridFile(temp.file(`${name}.mat`), grid, swap);

const load = (path: string, extra: Partial<LoadCommand> = {}): LoadCommand => ({
  path,
  model: 'SpatioTemporalMatrix',
  name: 'checked',
  overrides: 'timestamp=2004-01-01T00:00:00',
  ...extra,
});

/** The warnings of a dry run and of the real load (they must agree), on fresh stores. */
async function warningsOf(path: string, extra: Partial<LoadCommand> = {}) {
  const dry = await runLoad(load(path, { ...extra, dryRun: true }), new MemoryStore(), LOCAL_FILES);
  const real = await runLoad(load(path, extra), new MemoryStore(), LOCAL_FILES);
  assert.deepEqual(dry[0]?.warnings, real[0]?.warnings, 'the dry run and the load agree');
  return real[0]?.warnings ?? [];
}

/** A refused load: the message, and a store left without any collection. */
async function refused(path: string, message: RegExp, extra: Partial<LoadCommand> = {}) {
  for (const dryRun of [true, false]) {
    const store = new MemoryStore();
    await assert.rejects(runLoad(load(path, { ...extra, dryRun }), store, LOCAL_FILES), (error) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, message);
      assert.equal((error as { kind?: string }).kind, 'data');
      return true;
    });
    assert.deepEqual(await store.collectionNames(), [], 'nothing was written');
  }
}

const checks = (warnings: DataWarning[]) => warnings.map((warning) => warning.check);

describe('data checks: a clean grid and the three fixtures give no warning', () => {
  it('the clean generated grid', async () => {
    assert.deepEqual(await warningsOf(await gridFile('clean', cleanGrid())), []);
  });

  it('casagfed2004, kriged_xco2 and xco2', async () => {
    const cases = [
      ['casagfed2004.mat', 'SpatioTemporalMatrix', 'timestamp=2004-06-30T00:00:00'],
      ['kriged_xco2.mat', 'KrigedXCO2Matrix', 'timestamp=2009-06-15T00:00:00'],
      ['xco2.mat', 'XCO2Matrix', ''],
    ] as const;
    for (const [file, model, overrides] of cases)
      assert.deepEqual(await warningsOf(`${FIXTURES}${file}`, { model, overrides }), [], file);
  });
});

/**
 * A clean 1-degree global grid (360 x 180 cells, longitude fastest), two steps: a smooth field
 * with one cell in 997 NaN, and the same where the ocean (about half the cells) is exactly 0
 * and the land only positive, as flux models write it: 0 is then the smallest value and most
 * common one, but not far outside the rest.
 */
async function globalGridFile(name: string, ocean: boolean): Promise<string> {
  const cells = 360 * 180;
  const x: number[] = [];
  const y: number[] = [];
  const steps: number[][] = [[], []];
  for (let cell = 0; cell < cells; cell++) {
    const lng = -179.5 + (cell % 360);
    const lat = -89.5 + Math.floor(cell / 360);
    x.push(lng);
    y.push(lat);
    for (const [k, step] of steps.entries()) {
      const wave = Math.sin(cell * 0.0137 + k * 0.29) * 3.1 + Math.cos(cell * 0.00071) * 1.7;
      const land = Math.sin(lng / 20) * Math.cos(lat / 15) > 0;
      step.push(cell % 997 === 5 ? NaN : ocean ? (land ? 0.05 + Math.abs(wave) : 0) : wave);
    }
  }
  const file = temp.file(`${name}.mat`);
  await fs.writeFile(
    file,
    writeMat5([
      {
        kind: 'numeric',
        name: 'm',
        class: 'double',
        dims: [cells, 4],
        values: [x, y, ...steps].flat(),
      },
    ]),
  );
  return file;
}

describe('data checks: clean global grids give no warning', () => {
  it('a smooth field with missing cells, and an ocean of zeros', async () => {
    assert.deepEqual(await warningsOf(await globalGridFile('global', false)), []);
    assert.deepEqual(await warningsOf(await globalGridFile('ocean', true)), []);
  });
});

describe('data checks: warnings', () => {
  it('a -9999 block: fill-value, naming the value and the two steps', async () => {
    const [warning, ...others] = await warningsOf(await gridFile('fill', fillBlockGrid()));
    assert.deepEqual(others, []);
    assert.equal(warning?.check, 'fill-value');
    assert.equal(warning?.value, -9999);
    assert.deepEqual(warning?.times, [TIMES[1], TIMES[2]]);
    assert.equal(warning?.count, 2);
    assert.match(
      warning?.message ?? '',
      /-9999 looks like a fill value: 200 of 1800 values \(11%\)/,
    );
    assert.match(warning?.message ?? '', /at 2 steps: 2004-01-01T03:00:00 and 2004-01-01T06:00:00/);
  });

  it('500 cells shifted by 0.3 degrees: off-grid, the count and the first rows', async () => {
    const grid = cleanGrid();
    for (let row = 0; row < 500; row++) grid.x[row] = (grid.x[row] as number) + 0.3;
    const [warning, ...others] = await warningsOf(await gridFile('offgrid', grid));
    assert.deepEqual(others, []);
    assert.equal(warning?.check, 'off-grid');
    assert.equal(warning?.count, 500);
    assert.deepEqual(warning?.rows, [1, 2, 3, 4, 5]);
    assert.match(
      warning?.message ?? '',
      /^500 cells of 1800 are off the grid .*rows 1, 2, 3, 4, 5 and 495 more$/,
    );
  });

  it('an all-NaN step: empty-step, naming its time', async () => {
    const grid = cleanGrid();
    grid.steps[1] = new Array<number>(CELLS).fill(NaN);
    const warnings = await warningsOf(await gridFile('empty', grid));
    assert.deepEqual(checks(warnings), ['empty-step']);
    assert.deepEqual(warnings[0]?.times, [TIMES[1]]);
    assert.match(warnings[0]?.message ?? '', /no value .* at 1 step: 2004-01-01T03:00:00$/);
  });

  it('an all-zero step: constant-step, naming its time', async () => {
    const warnings = await warningsOf(await gridFile('zero', zeroStepGrid()));
    assert.deepEqual(checks(warnings), ['constant-step']);
    assert.equal(warnings[0]?.value, 0);
    assert.deepEqual(warnings[0]?.times, [TIMES[3]]);
    assert.match(warnings[0]?.message ?? '', /every value is 0 at 1 step: 2004-01-01T09:00:00$/);
  });

  it('XCO2Matrix: a fill value among the observations, all taken together', async () => {
    // 100 observations on 2009-06-15 (day 165), values 380 + row / 10 (380..389.9), errors
    // 0.5 + row / 1000; rows 11..15 (from 1) hold -999: 5 of 100 values, 1379 below 380.
    const rows = 100;
    const column = (value: (row: number) => number) =>
      Array.from({ length: rows }, (_, row) => value(row));
    const file = temp.file('XCO2_20090615_test.mat');
    const values = column((row) => (row >= 10 && row < 15 ? -999 : 380 + row / 10));
    await fs.writeFile(
      file,
      writeMat5([
        {
          kind: 'numeric',
          name: 'XCO2',
          class: 'double',
          dims: [rows, 6],
          values: [
            column((row) => -120.5 + row),
            column((row) => 30.25 + row / 10),
            values,
            column(() => 165),
            column(() => 2009),
            column((row) => 0.5 + row / 1000),
          ].flat(),
        },
      ]),
    );
    const warnings = await warningsOf(file, { model: 'XCO2Matrix', overrides: '' });
    assert.deepEqual(checks(warnings), ['fill-value']);
    assert.equal(warnings[0]?.value, -999);
    assert.match(
      warnings[0]?.message ?? '',
      /^"value": -999 looks like a fill value: 5 of 100 values \(5%\), far outside the rest \(380 to 389\.9\) in the observations$/,
    );
  });

  it('KrigedXCO2Matrix: negative errors before the square root, with their rows', async () => {
    // 20 cells on the lattice, values 380 + row / 10, variances 0.25 + row / 100 but rows 2, 5
    // and 7 (from 1), which are -0.04.
    const cells = 20;
    const y = Array.from({ length: cells }, (_, row) => 10.5 + (row % 5));
    const x = Array.from({ length: cells }, (_, row) => -100.5 + Math.floor(row / 5));
    const values = Array.from({ length: cells }, (_, row) => 380 + row / 10);
    const errors = Array.from({ length: cells }, (_, row) =>
      [1, 4, 6].includes(row) ? -0.04 : 0.25 + row / 100,
    );
    const zeros = new Array<number>(cells).fill(0);
    const file = temp.file('Kriged_20090615_test.mat');
    await fs.writeFile(
      file,
      writeMat5([
        {
          kind: 'numeric',
          name: 'krigedData',
          class: 'double',
          dims: [cells, 9],
          values: [y, x, values, errors, zeros, zeros, zeros, zeros, zeros].flat(),
        },
      ]),
    );
    const warnings = await warningsOf(file, {
      model: 'KrigedXCO2Matrix',
      overrides: 'timestamp=2009-06-15T00:00:00',
    });
    assert.deepEqual(checks(warnings), ['negative-error']);
    assert.deepEqual(warnings[0]?.rows, [2, 5, 7]);
    assert.equal(warnings[0]?.count, 3);
    assert.match(
      warnings[0]?.message ?? '',
      /3 variances are negative before the square root \(rows 2, 5 and 7\)/,
    );
  });
});

describe('data checks: refusals write nothing', () => {
  it('swapped columns: x and y look swapped', async () => {
    // y is then -179.5..-120.5 (the x of the first 60 columns), out of -90..90 from row 1.
    const file = await gridFile('swapped', cleanGrid(), true);
    await refused(
      file,
      /x and y look swapped: the latitude \(y\) is outside -90\.\.90 at 1800 rows \(rows 1, 2, 3, 4, 5 and 1795 more\)/,
    );
  });

  it('a latitude of 95 with x beyond 90: outside -90..90, not swapped', async () => {
    const grid = cleanGrid();
    grid.y[1700] = 95;
    await refused(
      await gridFile('lat', grid),
      /the latitude \(y\) is outside -90\.\.90 at 1 row \(row 1701\)/,
    );
  });

  it('a duplicate row: two rows hold the same cell', async () => {
    const grid = cleanGrid();
    // Row 10 (from 1) takes row 3's cell: x -179.5, y -27.5.
    grid.x[9] = grid.x[2] as number;
    grid.y[9] = grid.y[2] as number;
    await refused(await gridFile('duplicate', grid), /rows 3 and 10 are both x=-179\.5, y=-27\.5/);
  });
});

describe('--strict', () => {
  it('refuses a load or dry run with warnings, writing nothing; a clean one loads', async () => {
    const file = await gridFile('strict', zeroStepGrid());
    await refused(
      file,
      /--strict refuses a load with data warnings \(1; the first: constant-step/,
      {
        strict: true,
      },
    );
    const store = new MemoryStore();
    const heard: DataWarning[][] = [];
    const [result] = await runLoad(
      load(await gridFile('strictclean', cleanGrid()), {
        strict: true,
        onDataWarnings: (warnings) => heard.push(warnings),
      }),
      store,
      LOCAL_FILES,
    );
    assert.deepEqual(heard, [[]]);
    assert.equal(result?.written.documents, 4);
    assert.equal(await store.recordCount('checked'), 4);
  });
});
