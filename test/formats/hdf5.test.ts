import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { FileFormatError } from '#core/formats/errors.js';
import { writeHdf5, writeMat73 } from '#test/support/hdf5Writer.js';
import { columnsOf, readColumns } from '#test/support/readers.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('hdf5');

describe('MATLAB v7.3 reader', () => {
  it('reads variables stored transposed behind the 512-byte MATLAB header', async () => {
    const path = temp.file('v73.mat');
    // MATLAB's 3x4 matrix, column-major: column c holds 10c+1, 10c+2, 10c+3.
    const values = [1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33];
    await writeMat73(path, [
      { name: 'flux', matlabClass: 'double', rows: 3, columns: 4, values, dtype: '<d' },
      { name: 'counts', matlabClass: 'int16', rows: 2, columns: 1, values: [-5, 300], dtype: '<h' },
      { name: 'mask', matlabClass: 'logical', rows: 1, columns: 2, values: [1, 0], dtype: '<B' },
      { name: 'ratio', matlabClass: 'single', rows: 1, columns: 1, values: [0.1], dtype: '<f' },
    ]);
    const file = await openDataFileAt(path);
    try {
      assert.equal(file.format, 'mat73');
      assert.deepEqual(
        (await file.variables()).map((v) => [v.name, v.class, v.shape, v.loadable]),
        [
          ['counts', 'int16', [2, 1], true],
          ['flux', 'double', [3, 4], true],
          ['mask', 'logical', [1, 2], true],
          ['ratio', 'single', [1, 1], true],
        ],
      );
      assert.deepEqual(await readColumns(file, 'flux'), columnsOf(values, 3));
      assert.deepEqual(await readColumns(file, 'flux', 1, 3), columnsOf(values, 3).slice(1, 3));
      assert.deepEqual(await readColumns(file, 'counts'), [[-5, 300]]);
      assert.deepEqual(await readColumns(file, 'mask'), [[1], [0]]);
      assert.deepEqual(await readColumns(file, 'ratio'), [[Math.fround(0.1)]]);
    } finally {
      await file.close();
    }
  });

  it('lists MATLAB internals and non-numeric classes without loading them', async () => {
    const path = temp.file('v73-mixed.mat');
    await writeMat73(
      path,
      [{ name: 'data', matlabClass: 'double', rows: 1, columns: 1, values: [4], dtype: '<d' }],
      [
        { path: '/#refs#/a', data: [1], shape: [1, 1], dtype: '<d' },
        {
          path: '/label',
          data: [104, 105],
          shape: [2, 1],
          dtype: '<H',
          attributes: { MATLAB_class: 'char' },
        },
        {
          path: '/nothing',
          data: [0, 0],
          shape: [2],
          dtype: '<Q',
          attributes: { MATLAB_class: 'double', MATLAB_empty: 1 },
        },
      ],
    );
    const file = await openDataFileAt(path);
    try {
      const listed = await file.variables();
      assert.deepEqual(
        listed.map((v) => [v.name, v.class, v.loadable]),
        [
          ['data', 'double', true],
          ['label', 'char', false],
          ['nothing', 'double', false],
        ],
      );
      assert.deepEqual(listed[1]?.shape, [1, 2]);
      assert.match(listed[2]?.reason ?? '', /empty/);
      await assert.rejects(file.matrix('label'), /char is not numeric data/);
    } finally {
      await file.close();
    }
  });
});

describe('plain HDF5 reader', () => {
  it('lists datasets in groups by path and reads them rows first', async () => {
    const path = temp.file('plain.h5');
    const rowMajor = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]; // 3 rows x 4 columns
    await writeHdf5(path, [
      { path: '/model/output/flux', data: rowMajor, shape: [3, 4], dtype: '<d' },
      { path: '/model/ints', data: [-1, 2, -3, 4], shape: [2, 2], dtype: '<i' },
      { path: '/vector', data: [9, 8, 7], shape: [3], dtype: '<f' },
      { path: '/cube', data: [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2], dtype: '<d' },
      { path: '/names', data: ['a', 'b'], shape: [2] },
    ]);
    const file = await openDataFileAt(path);
    try {
      assert.equal(file.format, 'hdf5');
      assert.deepEqual(
        (await file.variables()).map((v) => [v.name, v.class, v.shape, v.loadable]),
        [
          ['/cube', 'double', [2, 2, 2], false],
          ['/model/ints', 'int32', [2, 2], true],
          ['/model/output/flux', 'double', [3, 4], true],
          ['/names', 'string', [2], false],
          ['/vector', 'single', [3], true],
        ],
      );
      const columns = [0, 1, 2, 3].map((c) => [0, 1, 2].map((r) => rowMajor[r * 4 + c] as number));
      assert.deepEqual(await readColumns(file, '/model/output/flux'), columns);
      assert.deepEqual(await readColumns(file, 'model/output/flux', 2, 4), columns.slice(2, 4));
      assert.deepEqual(await readColumns(file, '/model/ints'), [
        [-1, -3],
        [2, 4],
      ]);
      assert.deepEqual(await readColumns(file, '/vector'), [[9, 8, 7]]);
    } finally {
      await file.close();
    }
  });

  it('reports a truncated HDF5 file in one line naming the file', async () => {
    const path = temp.file('whole.h5');
    await writeHdf5(path, [
      {
        path: '/d',
        data: Array.from({ length: 1000 }, (_, i) => i),
        shape: [100, 10],
        dtype: '<d',
      },
    ]);
    const bytes = await fs.readFile(path);
    const cut = temp.file('cut.h5');
    await fs.writeFile(cut, bytes.subarray(0, 1500));
    await assert.rejects(
      openDataFileAt(cut).then(async (file) => readColumns(file, '/d')),
      (error: unknown) => {
        assert.ok(error instanceof FileFormatError, String(error));
        assert.ok(error.message.startsWith(`${cut}: `), error.message);
        assert.ok(!error.message.includes('\n'), 'one line');
        assert.match(error.message, /truncated|HDF5/);
        return true;
      },
    );
  });
});
