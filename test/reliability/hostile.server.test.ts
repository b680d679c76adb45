import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { FluxError } from '#core/errors.js';
import { runLoad } from '#core/operations/load/index.js';
import { writeMat73 } from '#test/support/hdf5Writer.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { useTestDatabase } from '#test/support/server.js';
import { snapshotDatabase } from '#test/support/snapshot.js';
import { useTempDir } from '#test/support/tempDir.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';

const server = useTestDatabase('hostile');
const temp = useTempDir('hostile');
const files = LOCAL_FILES;
let inputsTried = 0;

/** A load through the real CLI that must be refused: exit 1 or 2, one line, no stack, nothing written. */
async function refusedByCli(args: string[]): Promise<string> {
  inputsTried++;
  const before = await snapshotDatabase(server.db);
  const result = await runFluxManage(['load', ...args], { env: server.env });
  assert.ok(
    result.code === 1 || result.code === 2,
    `exit ${result.code} for ${args.join(' ')}: ${result.stdout}`,
  );
  const firstLine = result.stderr.split('\n')[0] ?? '';
  assert.match(firstLine, /^flux-manage: \S/);
  assert.ok(!/\n\s+at .*:\d+:\d+/.test(result.stderr), `no stack trace: ${result.stderr}`);
  assert.deepEqual(await snapshotDatabase(server.db), before, 'the database is unchanged');
  return firstLine;
}

/** The same through the core API, for input an argv cannot carry (a NUL) and for speed. */
async function refusedInProcess(request: Parameters<typeof runLoad>[0]): Promise<string> {
  inputsTried++;
  const before = await snapshotDatabase(server.db);
  const error = await runLoad(request, new MongoStore(server.db), files).then(
    () => assert.fail('loaded'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof FluxError, String(error));
  assert.ok(!error.message.includes('\n'));
  assert.deepEqual(await snapshotDatabase(server.db), before);
  return error.message;
}

const CASA = `${FIXTURES}casagfed2004.mat`;
const casa = (...extra: string[]) => ['-p', CASA, '-m', 'SpatioTemporalMatrix', ...extra];

describe('hostile and broken input is refused, and nothing is written', () => {
  before(async () => {
    const ok = await runFluxManage(
      ['load', ...casa('-n', 'existing', '-o', 'timestamp=2004-06-30')],
      { env: server.env },
    );
    assert.equal(ok.code, 0, ok.stderr);
  });
  after(() => console.log(`reliability: ${inputsTried} hostile inputs refused`));

  it('truncated and bit-flipped MAT files', async () => {
    const bytes = await fs.readFile(`${FIXTURES}kriged_xco2.mat`);
    for (const cut of [100, 128, 131, 200, 1000, 50_000, 300_000, bytes.length - 3]) {
      const file = temp.file(`Kriged_20090615_cut${cut}.mat`);
      await fs.writeFile(file, bytes.subarray(0, cut));
      await refusedByCli(['-p', file, '-m', 'KrigedXCO2Matrix', '-n', 'k']);
    }
    for (const at of [130, 140, 150, 170, 5000, 200_000, bytes.length - 2]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] as number) ^ 0x10;
      const file = temp.file(`Kriged_20090615_flip${at}.mat`);
      await fs.writeFile(file, flipped);
      await refusedInProcess({ path: file, model: 'KrigedXCO2Matrix', name: 'k' });
    }
  });

  it('truncated and bit-flipped HDF5 (MATLAB v7.3) files', async () => {
    const good = temp.file('good73.mat');
    await writeMat73(good, [
      {
        name: 'm',
        matlabClass: 'double',
        rows: 50,
        columns: 6,
        values: Array.from({ length: 300 }, (_, i) => i / 7),
        dtype: '<d',
      },
    ]);
    const bytes = await fs.readFile(good);
    for (const cut of [600, 1200, 2000, bytes.length - 100]) {
      const file = temp.file(`cut73-${cut}.mat`);
      await fs.writeFile(file, bytes.subarray(0, cut));
      await refusedByCli([
        '-p',
        file,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'h',
        '-o',
        'timestamp=2004-06-30',
      ]);
    }
    for (const at of [512, 520, 600, 800]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] as number) ^ 0xff;
      const file = temp.file(`flip73-${at}.mat`);
      await fs.writeFile(file, flipped);
      await refusedInProcess({
        path: file,
        model: 'SpatioTemporalMatrix',
        name: 'h',
        overrides: 'timestamp=2004-06-30',
      });
    }
  });

  it('a wrong or missing variable, and wrong shapes', async () => {
    await refusedByCli(casa('-n', 'a', '-o', 'timestamp=2004-06-30;var_name=missing'));
    const text = temp.file('text.mat');
    await fs.writeFile(
      text,
      writeMat5([
        { kind: 'char', name: 'c', text: 'abc' },
        {
          kind: 'numeric',
          name: 'narrow',
          class: 'double',
          dims: [4, 2],
          values: [1, 2, 3, 4, 5, 6, 7, 8],
        },
      ]),
    );
    await refusedByCli([
      '-p',
      text,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'a',
      '-o',
      'timestamp=2004-06-30',
    ]);
    await refusedByCli([
      '-p',
      text,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'a',
      '-o',
      'timestamp=2004-06-30;var_name=narrow',
    ]);
    await refusedByCli([
      '-p',
      CASA,
      '-m',
      'XCO2Matrix',
      '-n',
      'a',
      '-o',
      'var_name=casa_gfed_2004',
    ]);
    await refusedByCli([
      '-p',
      CASA,
      '-m',
      'CovarianceMatrix',
      '-n',
      'a',
      '-o',
      'timestamp=2004-06-30',
    ]);
  });

  it('config files with syntax and type errors', async () => {
    const cases = [
      '{"title": "x",}',
      '{"title": "x"',
      '[1, 2]',
      '{"steps": "many"}',
      '{"precision": 2.5}',
      '{"gridded": "yes"}',
      '{"units": {"$bad": "x"}}',
      '{"span": "fortnightly"}',
    ];
    for (const [index, text] of cases.entries()) {
      const config = temp.file(`config-${index}.json`);
      await fs.writeFile(config, text);
      await refusedByCli(casa('-n', 'a', '-c', config, '-o', 'timestamp=2004-06-30'));
    }
  });

  it('-o strings holding code, huge numbers, deep nesting or $ operators', async () => {
    const segments = [
      "steps=__import__('os').system('touch /tmp/pwned')",
      'steps=eval("1")',
      'precision=(lambda: 1)()',
      'precision=1e999',
      'precision=99999999999999999999999',
      `grid=${'['.repeat(40)}1${']'.repeat(40)}`,
      'units={"$where": "1"}',
      "grid={'$gt': 1}",
      'units={"a.b": "c"}',
      'units=degrees',
    ];
    for (const segment of segments)
      await refusedByCli(casa('-n', 'a', '-o', `timestamp=2004-06-30;${segment}`));
    await assert.rejects(fs.access('/tmp/pwned'));
  });

  it('dataset names with $, NUL, dots, system., 200 characters, reserved ones', async () => {
    for (const name of [
      'a$b',
      '$cmd',
      'a.b',
      'system.profile',
      'x'.repeat(200),
      'metadata',
      '_geom_x',
      '_fluxmanage_journal',
    ]) {
      assert.match(
        await refusedByCli(casa('-n', name, '-o', 'timestamp=2004-06-30')),
        /invalid dataset name/,
      );
    }
    assert.match(
      await refusedInProcess({
        path: CASA,
        model: 'SpatioTemporalMatrix',
        name: 'nul\0name',
        overrides: 'timestamp=2004-06-30',
      }),
      /NUL/,
    );
  });

  it('a grid so fine that one time step would pass 16 MB', async () => {
    const rows = 1_100_000;
    const values = new Array<number>(rows * 3);
    for (let i = 0; i < rows; i++) {
      values[i] = (i % 3600) / 10 - 180;
      values[rows + i] = Math.floor(i / 3600) / 10 - 90;
      values[2 * rows + i] = 1;
    }
    const file = temp.file('fine.mat');
    await fs.writeFile(
      file,
      writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [rows, 3], values }], {
        compress: true,
      }),
    );
    assert.match(
      await refusedByCli([
        '-p',
        file,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'fine',
        '-o',
        'timestamp=2004-06-30',
      ]),
      /over MongoDB's 16 MiB limit/,
    );
  });
});
