import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { inferVariable } from '#core/formats/loadable.js';
import { readColumns } from '#test/support/readers.js';

import { FIXTURES } from '#test/support/fixtures.js';

/** Facts from test/fixtures/flux/README.md (what the original tool's test suite asserted). */
describe('the real fixtures (MATLAB-written, zlib-compressed Level 5)', () => {
  it('casagfed2004.mat: casa_gfed_2004, double 2635x10, inferred as the variable to load', async () => {
    const file = await openDataFileAt(`${FIXTURES}casagfed2004.mat`);
    try {
      assert.equal(file.format, 'mat5');
      const variables = await file.variables();
      assert.deepEqual(variables, [
        { name: 'casa_gfed_2004', class: 'double', shape: [2635, 10], loadable: true },
      ]);
      assert.equal(inferVariable(file.name, variables).name, 'casa_gfed_2004');
      const columns = await readColumns(file, 'casa_gfed_2004');
      assert.equal(columns.length, 10);
      assert.ok(columns.every((column) => column.length === 2635));
      // "the second cell is (-165.5, 61.5)": x in column 1, y in column 2.
      assert.equal(columns[0]?.[1], -165.5);
      assert.equal(columns[1]?.[1], 61.5);
      // "the document for 2004-06-30T00:00:00 has 2635 values and its first is 0.08" (2 decimals).
      assert.ok(Math.abs((columns[2]?.[0] as number) - 0.08) < 0.005);
    } finally {
      await file.close();
    }
  });

  it('kriged_xco2.mat: krigedData, double 14210x9', async () => {
    const file = await openDataFileAt(`${FIXTURES}kriged_xco2.mat`);
    try {
      assert.deepEqual(await file.variables(), [
        { name: 'krigedData', class: 'double', shape: [14210, 9], loadable: true },
      ]);
      const columns = await readColumns(file, 'krigedData');
      assert.equal(columns.length, 9);
      assert.ok(columns.every((column) => column.length === 14210));
    } finally {
      await file.close();
    }
  });

  it('xco2.mat: XCO2, single 1311x6, with an observation of 386.79 ppm on day 166 of 2009', async () => {
    const file = await openDataFileAt(`${FIXTURES}xco2.mat`);
    try {
      assert.deepEqual(await file.variables(), [
        { name: 'XCO2', class: 'single', shape: [1311, 6], loadable: true },
      ]);
      const [x, y, value, day, year] = (await readColumns(file, 'XCO2')) as number[][];
      assert.equal(x?.length, 1311);
      // Singles widen exactly: every value must be a float32.
      assert.ok([x, y, value].every((column) => column?.every((v) => Math.fround(v) === v)));
      const match = value?.findIndex(
        (v, row) => Math.abs(v - 386.79) < 0.005 && day?.[row] === 166 && year?.[row] === 2009,
      );
      assert.ok(match !== undefined && match >= 0, 'an observation of 386.79 on day 166 of 2009');
    } finally {
      await file.close();
    }
  });
});
