import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { writeHdf5, writeMat73 } from '#test/support/hdf5Writer.js';
import { writeMat4, writeMat5 } from '#test/support/matWriter.js';
import { gridLoad, runFluxManage } from '#test/support/cli.js';
import { storedPairs } from '#test/support/coordIndex.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('loadinputs');
const temp = useTempDir('loadinputs');

/**
 * A 3-cell SpatioTemporalMatrix with two time steps, column-major: x, y, step 0, step 1.
 * Step values are chosen at rounding ties (worked by hand, precision 2, ties to even on the
 * exact binary value): 0.125 -> 0.12, 0.375 -> 0.38, -0.125 -> -0.12, 2.675 (binary value
 * 2.67499999...) -> 2.67, 1.005 (1.00499999...) -> 1.0, NaN -> null.
 */
const X = [-166.5, -165.5, -164.5];
const Y = [10.5, 61.5, 69.5];
const STEP0 = [0.125, 0.375, Number.NaN];
const STEP1 = [-0.125, 2.675, 1.005];
const EXPECTED_STEPS = [
  [0.12, 0.38, null],
  [-0.12, 2.67, 1],
];
const MATRIX = [...X, ...Y, ...STEP0, ...STEP1];

async function loadAndRead(file: string, name: string, extra: string[] = []) {
  const result = await runFluxManage(gridLoad(file, name, extra), { env: server.env });
  assert.equal(result.code, 0, result.stderr);
  return server.db
    .collection<{ _id: Date; values: Array<number | null> }>(name)
    .find({})
    .sort({ _id: 1 })
    .toArray();
}

describe('load from every input format', () => {
  it('rounds ties to even on the exact binary value and stores NaN as null (MAT v5, compressed)', async () => {
    const file = temp.file('ties.mat');
    await fs.writeFile(
      file,
      writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 4], values: MATRIX }], {
        compress: true,
      }),
    );
    const documents = await loadAndRead(file, 'ties');
    assert.deepEqual(
      documents.map((d) => d.values),
      EXPECTED_STEPS,
    );
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'ties' });
    // Stats over the 5 stored non-null values 0.12, 0.38, -0.12, 2.67, 1: min, max and median by hand.
    const stats = (metadata?.stats as { values: Record<string, number> }).values;
    assert.equal(stats.min, -0.12);
    assert.equal(stats.max, 2.67);
    assert.equal(stats.median, 0.38);
  });

  it('loads integer classes as numbers (int16 MAT v5, big endian)', async () => {
    const file = temp.file('ints.mat');
    const values = [-3, -2, -1, 10, 20, 30, -32768, 0, 32767, 7, 8, 9];
    await fs.writeFile(
      file,
      writeMat5([{ kind: 'numeric', name: 'm', class: 'int16', dims: [3, 4], values }], {
        littleEndian: false,
      }),
    );
    const documents = await loadAndRead(file, 'ints');
    assert.deepEqual(
      documents.map((d) => d.values),
      [
        [-32768, 0, 32767],
        [7, 8, 9],
      ],
    );
    const coordinates = await server.db
      .collection<{ _id: string; i: unknown }>('coord_index')
      .findOne({ _id: 'ints' });
    assert.equal(storedPairs(coordinates?.i).length, 3);
  });

  it('loads a MATLAB v4 file', async () => {
    const file = temp.file('v4.mat');
    await fs.writeFile(
      file,
      writeMat4([{ name: 'm', rows: 3, columns: 4, values: MATRIX, precision: 'double' }], false),
    );
    assert.deepEqual(
      (await loadAndRead(file, 'v4')).map((d) => d.values),
      EXPECTED_STEPS,
    );
  });

  it('loads a MATLAB v7.3 file', async () => {
    const file = temp.file('v73.mat');
    await writeMat73(file, [
      { name: 'm', matlabClass: 'double', rows: 3, columns: 4, values: MATRIX, dtype: '<d' },
    ]);
    assert.deepEqual(
      (await loadAndRead(file, 'v73')).map((d) => d.values),
      EXPECTED_STEPS,
    );
  });

  it('loads a plain HDF5 dataset named by its path', async () => {
    const file = temp.file('plain.h5');
    // Rows first, as HDF5 stores it: row r is (x, y, step0, step1) of cell r.
    const rowMajor = [0, 1, 2].flatMap((r) => [X[r], Y[r], STEP0[r], STEP1[r]] as number[]);
    await writeHdf5(file, [{ path: '/model/flux', data: rowMajor, shape: [3, 4], dtype: '<d' }]);
    assert.deepEqual(
      (
        await loadAndRead(file, 'h5', ['-o', 'timestamp=2004-06-30T00:00:00;var_name=/model/flux'])
      ).map((d) => d.values),
      EXPECTED_STEPS,
    );
  });
});
