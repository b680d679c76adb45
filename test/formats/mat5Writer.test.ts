/**
 * The MAT v5 writer, read back by scipy.io.loadmat (the independent reader the issue names)
 * and by this tool's own reader: every value, NaN included, in column-major order.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { fileSink } from '#adapters/files/fileSink.js';
import { mat5MatrixBytes, writeMat5Matrix } from '#core/formats/mat5/writer.js';
import { python } from '#test/support/python.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('mat5writer');

async function* columnsOf(columns: number[][]): AsyncIterable<Float64Array> {
  for (const column of columns) yield Float64Array.from(column);
}

/** Three columns of a 4 x 3 matrix, chosen by hand: negatives, a NaN, tiny and whole numbers. */
const COLUMNS = [
  [-166.5, -165.5, 10.25, 0],
  [10.5, 61.5, Number.NaN, 1e-300],
  [0.08, 1.5862054e-6, -0.0, 387],
];

describe('MAT v5 writer', () => {
  it('writes a compressed double matrix scipy.io.loadmat reads back exactly', async () => {
    const file = temp.file('m.mat');
    const sink = await fileSink(file);
    try {
      await writeMat5Matrix(sink, { name: 'flux', rows: 4, columns: 3 }, columnsOf(COLUMNS));
    } finally {
      await sink.close();
    }
    const read = await python<{
      shape: number[];
      rows: Array<Array<number | null>>;
      names: string[];
    }>(
      `
import scipy.io
m = scipy.io.loadmat(data['file'])
names = [k for k in m if not k.startswith('__')]
a = m['flux']
emit({'names': names, 'shape': list(a.shape), 'rows': [[float(x) for x in row] for row in a]})
`,
      { file },
    );
    assert.deepEqual(read.names, ['flux']);
    assert.deepEqual(read.shape, [4, 3]);
    const expectedRows = [0, 1, 2, 3].map((r) =>
      COLUMNS.map((column) => (Number.isNaN(column[r]) ? null : column[r])),
    );
    assert.deepEqual(read.rows, expectedRows);
  });

  it('is read back by this tool column by column, bit for bit', async () => {
    const file = temp.file('ours.mat');
    const sink = await fileSink(file);
    try {
      await writeMat5Matrix(sink, { name: 'm', rows: 4, columns: 3 }, columnsOf(COLUMNS));
    } finally {
      await sink.close();
    }
    const data = await openDataFileAt(file);
    try {
      const [variable] = await data.variables();
      assert.deepEqual(variable?.shape, [4, 3]);
      const reader = await data.matrix('m');
      const columns: number[][] = [];
      for await (const column of reader.readColumns()) columns.push([...column]);
      assert.deepEqual(columns, COLUMNS);
      assert.ok(Object.is(columns[2]?.[2], -0), '-0 stays -0');
    } finally {
      await data.close();
    }
  });

  it('refuses a variable over 2 GiB before writing anything, pointing at .h5', async () => {
    const file = temp.file('big.mat');
    assert.ok(mat5MatrixBytes('flux', 64800, 4200) > 2 ** 31);
    const sink = await fileSink(file);
    try {
      await assert.rejects(
        writeMat5Matrix(sink, { name: 'flux', rows: 64800, columns: 4200 }, columnsOf([])),
        /over MAT v5's 2 GiB a variable; write \.h5 instead/,
      );
    } finally {
      await sink.close();
    }
    assert.equal((await fs.stat(file)).size, 0);
  });

  it('refuses fewer columns than it announced', async () => {
    const sink = await fileSink(temp.file('short.mat'));
    try {
      await assert.rejects(
        writeMat5Matrix(sink, { name: 'm', rows: 4, columns: 3 }, columnsOf(COLUMNS.slice(0, 2))),
        /2 columns written of the 3 announced/,
      );
    } finally {
      await sink.close();
    }
  });
});
