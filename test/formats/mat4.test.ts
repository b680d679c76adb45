import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeMat4 } from '#test/support/matWriter.js';
import { openBytes, readColumns } from '#test/support/readers.js';

describe('MATLAB v4 reader', () => {
  for (const littleEndian of [true, false]) {
    it(`reads several matrices of every v4 precision (${littleEndian ? 'little' : 'big'} endian)`, async () => {
      const bytes = writeMat4(
        [
          {
            name: 'grid',
            rows: 2,
            columns: 3,
            values: [-166.5, 10.5, -50.5, 69.5, 0.125, -0],
            precision: 'double',
          },
          { name: 's', rows: 1, columns: 2, values: [0.1, -3], precision: 'single' },
          {
            name: 'i32',
            rows: 2,
            columns: 1,
            values: [-2147483648, 2147483647],
            precision: 'int32',
          },
          { name: 'i16', rows: 1, columns: 2, values: [-32768, 32767], precision: 'int16' },
          { name: 'u16', rows: 1, columns: 2, values: [0, 65535], precision: 'uint16' },
          { name: 'u8', rows: 1, columns: 3, values: [0, 128, 255], precision: 'uint8' },
          {
            name: 'label',
            rows: 1,
            columns: 3,
            values: [97, 98, 99],
            precision: 'double',
            text: true,
          },
          { name: 'c', rows: 1, columns: 1, values: [1], precision: 'double', imaginary: [2] },
        ],
        littleEndian,
      );
      const file = await openBytes(bytes);
      assert.equal(file.format, 'mat4');
      assert.match(file.description, littleEndian ? /little endian/ : /big endian/);
      assert.deepEqual(
        (await file.variables()).map((v) => [v.name, v.class, v.shape.join('x'), v.loadable]),
        [
          ['grid', 'double', '2x3', true],
          ['s', 'single', '1x2', true],
          ['i32', 'int32', '2x1', true],
          ['i16', 'int16', '1x2', true],
          ['u16', 'uint16', '1x2', true],
          ['u8', 'uint8', '1x3', true],
          ['label', 'char', '1x3', false],
          ['c', 'double', '1x1', false],
        ],
      );
      assert.deepEqual(await readColumns(file, 'grid'), [
        [-166.5, 10.5],
        [-50.5, 69.5],
        [0.125, -0],
      ]);
      assert.deepEqual(await readColumns(file, 's'), [[Math.fround(0.1)], [-3]]);
      assert.deepEqual(await readColumns(file, 'i32'), [[-2147483648, 2147483647]]);
      assert.deepEqual(await readColumns(file, 'i16'), [[-32768], [32767]]);
      assert.deepEqual(await readColumns(file, 'u16'), [[0], [65535]]);
      assert.deepEqual(await readColumns(file, 'u8'), [[0], [128], [255]]);
    });
  }
});
