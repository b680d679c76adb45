import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { writeMat5 } from '#test/support/matWriter.js';
import { runFluxManage } from '#test/support/cli.js';
import { useTempDir } from '#test/support/tempDir.js';
import { FIXTURES } from '#test/support/fixtures.js';

const temp = useTempDir('inspect');

describe('flux-manage inspect', () => {
  it('refuses a FIFO at once (it would wait for a writer forever) and exits', async () => {
    const fifo = temp.file('pipe.mat');
    await promisify(execFile)('mkfifo', [fifo]);
    const result = await runFluxManage(['inspect', fifo], { timeoutMs: 20_000 });
    assert.equal(result.signal, null, 'it ended by itself');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /pipe\.mat: not a regular file/);
  });

  it('prints the format and a table of variables', async () => {
    const result = await runFluxManage(['inspect', `${FIXTURES}casagfed2004.mat`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /casagfed2004\.mat: MATLAB 5\.0 MAT-file .*\[mat5\]/);
    assert.match(result.stdout, /NAME\s+CLASS\s+SHAPE\s+LOADABLE/);
    assert.match(result.stdout, /casa_gfed_2004\s+double\s+2635x10\s+yes/);
  });

  it('lists variables as JSON, with the reason a variable cannot be loaded', async () => {
    const path = temp.file('mixed.mat');
    await fs.writeFile(
      path,
      writeMat5([
        { kind: 'numeric', name: 'grid', class: 'int16', dims: [2, 3], values: [1, 2, 3, 4, 5, 6] },
        { kind: 'char', name: 'note', text: 'hi' },
      ]),
    );
    const result = await runFluxManage(['inspect', path, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      format: 'mat5',
      variables: [
        { name: 'grid', class: 'int16', shape: [2, 3], loadable: true },
        {
          name: 'note',
          class: 'char',
          shape: [1, 2],
          loadable: false,
          reason: 'char is not numeric data',
        },
      ],
    });
  });

  it('prints a variable as rows, NaN and infinities as null', async () => {
    const path = temp.file('values.mat');
    // MATLAB's [1 3 NaN; 2 Inf -0.5], stored column by column.
    await fs.writeFile(
      path,
      writeMat5(
        [
          {
            kind: 'numeric',
            name: 'v',
            class: 'double',
            dims: [2, 3],
            values: [1, 2, 3, Infinity, NaN, -0.5],
          },
        ],
        { compress: true },
      ),
    );
    const result = await runFluxManage(['inspect', path, '--var', 'v', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      name: 'v',
      class: 'double',
      shape: [2, 3],
      data: [
        [1, 3, null],
        [2, null, -0.5],
      ],
    });
    const human = await runFluxManage(['inspect', path, '--var', 'v']);
    assert.deepEqual(human.stdout.trim().split('\n'), ['v: double 2x3', '1 3 NaN', '2 NaN -0.5']);
  });

  it('refuses a damaged file with one line on stderr and exit 1', async () => {
    const bytes = await fs.readFile(`${FIXTURES}kriged_xco2.mat`);
    const path = temp.file('cut.mat');
    await fs.writeFile(path, bytes.subarray(0, 4000));
    const result = await runFluxManage(['inspect', path, '--var', 'krigedData']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^flux-manage: ${path}: the file is truncated`));
  });

  it('names the variables a file does have when --var is wrong, exit 1', async () => {
    const result = await runFluxManage(['inspect', `${FIXTURES}xco2.mat`, '--var', 'XC02']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no variable "XC02"; the file has XCO2 \(single 1311x6\)/);
  });

  it('says so when the file does not exist (exit 1) or is not given (exit 2)', async () => {
    const missing = await runFluxManage(['inspect', temp.file('nope.mat')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.mat: no such file/);
    const none = await runFluxManage(['inspect']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing FILE/);
  });
});
