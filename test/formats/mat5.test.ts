import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileFormatError } from '#core/formats/errors.js';
import { writeMat5, type MatVariable, type Storage } from '#test/support/matWriter.js';
import { columnsOf, openBytes, readColumns } from '#test/support/readers.js';

/** Values each class can hold exactly, including its extremes, column-major for 2x3. */
const CLASS_VALUES: Record<Storage | 'logical', number[]> = {
  double: [0.1, -2.5, 1e300, -1e-300, Number.NaN, Number.POSITIVE_INFINITY],
  single: [
    0.1,
    -2.5,
    3.4028234663852886e38,
    1.401298464324817e-45,
    Number.NaN,
    Number.NEGATIVE_INFINITY,
  ],
  int8: [-128, 127, 0, -1, 5, 100],
  uint8: [0, 255, 1, 2, 128, 77],
  int16: [-32768, 32767, 0, -300, 12, 1000],
  uint16: [0, 65535, 1, 40000, 3, 9],
  int32: [-2147483648, 2147483647, 0, -70000, 70000, 1],
  uint32: [0, 4294967295, 1, 3000000000, 5, 6],
  int64: [-(2 ** 53), 2 ** 53, 0, -1, 1, 2 ** 40],
  uint64: [0, 2 ** 53, 1, 2 ** 32, 2 ** 40, 7],
  logical: [1, 0, 0, 1, 1, 0],
};

/** What a double of the stored value is: single rounds to float32, the others are exact. */
function expected(className: Storage | 'logical', value: number): number {
  return className === 'single' ? Math.fround(value) : value;
}

function assertSameNumbers(actual: number[][], wanted: number[][]): void {
  assert.equal(actual.length, wanted.length);
  actual.forEach((column, c) =>
    column.forEach((value, r) =>
      assert.ok(
        Object.is(value, wanted[c]?.[r]),
        `column ${c} row ${r}: ${value} vs ${wanted[c]?.[r]}`,
      ),
    ),
  );
}

describe('MAT-file Level 5 reader', () => {
  for (const littleEndian of [true, false]) {
    for (const compress of [false, true]) {
      const label = `${littleEndian ? 'little' : 'big'} endian, ${compress ? 'compressed' : 'uncompressed'}`;
      it(`reads every numeric class (${label})`, async () => {
        const variables: MatVariable[] = Object.entries(CLASS_VALUES).map(
          ([className, values]) => ({
            kind: 'numeric',
            name: `v_${className}`,
            class: className as Storage | 'logical',
            dims: [2, 3],
            values,
          }),
        );
        const file = await openBytes(writeMat5(variables, { littleEndian, compress }));
        assert.equal(file.format, 'mat5');
        const listed = await file.variables();
        assert.deepEqual(
          listed.map((v) => [v.name, v.class, v.shape, v.loadable]),
          variables.map((v) => [v.name, (v as { class: string }).class, [2, 3], true]),
        );
        for (const [className, values] of Object.entries(CLASS_VALUES)) {
          const wanted = columnsOf(
            values.map((value) => expected(className as Storage, value)),
            2,
          );
          assertSameNumbers(await readColumns(file, `v_${className}`), wanted);
        }
        await file.close();
      });
    }
  }

  it('reads a double matrix that MATLAB stored in a smaller integer type', async () => {
    const bytes = writeMat5([
      {
        kind: 'numeric',
        name: 'd',
        class: 'double',
        storage: 'uint8',
        dims: [2, 2],
        values: [1, 2, 3, 255],
      },
    ]);
    const file = await openBytes(bytes);
    assert.equal((await file.variables())[0]?.class, 'double');
    assert.deepEqual(await readColumns(file, 'd'), [
      [1, 2],
      [3, 255],
    ]);
  });

  it('reads data and names packed in the small data element format', async () => {
    // A 1x1 int16 is 2 bytes of data: it fits in the tag, as does the 1-letter name.
    const bytes = writeMat5(
      [{ kind: 'numeric', name: 'k', class: 'int16', dims: [1, 1], values: [-7] }],
      { smallElements: true },
    );
    const file = await openBytes(bytes);
    assert.deepEqual(await readColumns(file, 'k'), [[-7]]);
  });

  it('reads dimensions stored as miUINT32 (some writers use it; scipy reads it)', async () => {
    const variable: MatVariable = {
      kind: 'numeric',
      name: 'grid',
      class: 'double',
      dims: [2, 3],
      values: [1.5, 2.5, 3.5, 4.5, 5.5, 6.5],
    };
    for (const [littleEndian, compress] of [
      [true, false],
      [false, true],
    ] as const) {
      const bytes = writeMat5([variable], { dimensionsType: 'uint32', littleEndian, compress });
      const file = await openBytes(bytes);
      const [info] = await file.variables();
      assert.deepEqual(info?.shape, [2, 3]);
      assert.deepEqual(await readColumns(file, 'grid'), [
        [1.5, 2.5],
        [3.5, 4.5],
        [5.5, 6.5],
      ]);
    }
  });

  it('reads the same values whether small elements are used or not', async () => {
    const variable: MatVariable = {
      kind: 'numeric',
      name: 'ab',
      class: 'uint8',
      dims: [1, 3],
      values: [9, 8, 7],
    };
    for (const smallElements of [true, false]) {
      const file = await openBytes(writeMat5([variable], { smallElements }));
      assert.deepEqual(await readColumns(file, 'ab'), [[9], [8], [7]]);
    }
  });

  it('lists non-numeric variables with class and shape, and refuses them as data', async () => {
    const variables: MatVariable[] = [
      { kind: 'char', name: 'label', text: 'casa gfed' },
      {
        kind: 'cell',
        name: 'items',
        items: [{ kind: 'numeric', name: '', class: 'double', dims: [1, 1], values: [1] }],
      },
      {
        kind: 'struct',
        name: 'settings',
        fields: { a: { kind: 'numeric', name: '', class: 'double', dims: [1, 1], values: [2] } },
      },
      { kind: 'sparse', name: 'sp', dims: [4, 5] },
      { kind: 'function_handle', name: 'fh' },
      { kind: 'object', name: 'obj', className: 'Widget' },
      {
        kind: 'numeric',
        name: 'z',
        class: 'double',
        dims: [1, 2],
        values: [1, 2],
        imaginary: [3, 4],
      },
      {
        kind: 'numeric',
        name: 'cube',
        class: 'double',
        dims: [2, 2, 2],
        values: [1, 2, 3, 4, 5, 6, 7, 8],
      },
      { kind: 'numeric', name: 'empty', class: 'double', dims: [0, 0], values: [] },
      { kind: 'numeric', name: 'data', class: 'double', dims: [1, 1], values: [3.5] },
    ];
    for (const compress of [false, true]) {
      const file = await openBytes(writeMat5(variables, { compress }));
      const listed = await file.variables();
      assert.deepEqual(
        listed.map((v) => [v.name, v.class, v.shape.join('x'), v.loadable]),
        [
          ['label', 'char', '1x9', false],
          ['items', 'cell', '1x1', false],
          ['settings', 'struct', '1x1', false],
          ['sp', 'sparse', '4x5', false],
          ['fh', 'function_handle', '1x1', false],
          ['obj', 'Widget', '1x1', false],
          ['z', 'double', '1x2', false],
          ['cube', 'double', '2x2x2', false],
          ['empty', 'double', '0x0', false],
          ['data', 'double', '1x1', true],
        ],
      );
      assert.match(listed[6]?.reason ?? '', /complex/);
      assert.match(listed[7]?.reason ?? '', /3 dimensions/);
      await assert.rejects(file.matrix('label'), (error: unknown) => {
        assert.ok(error instanceof FileFormatError);
        assert.match(error.message, /variable "label" cannot be loaded: char is not numeric data/);
        return true;
      });
      await assert.rejects(
        file.matrix('nothere'),
        /no variable "nothere"; the file has label \(char 1x9\)/,
      );
      assert.deepEqual(await readColumns(file, 'data'), [[3.5]]);
    }
  });

  it('streams a range of columns, compressed or not', async () => {
    const rows = 1000;
    const columns = 12;
    const values = Array.from({ length: rows * columns }, (_, i) => i * 0.5 - 17);
    for (const compress of [false, true]) {
      const file = await openBytes(
        writeMat5(
          [{ kind: 'numeric', name: 'm', class: 'double', dims: [rows, columns], values }],
          { compress },
        ),
      );
      const all = columnsOf(values, rows);
      assert.deepEqual(await readColumns(file, 'm'), all);
      assert.deepEqual(await readColumns(file, 'm', 5, 9), all.slice(5, 9));
      assert.deepEqual(await readColumns(file, 'm', 11, 12), all.slice(11, 12));
      await assert.rejects(readColumns(file, 'm', 3, 13), /outside a matrix with 12 columns/);
    }
  });
});
