import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { writeMat5 } from '#test/support/matWriter.js';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { useTestDatabase } from '#test/support/server.js';
import { snapshotDatabase } from '#test/support/snapshot.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('loadrefuse');
const temp = useTempDir('loadrefuse');

const CASA = `${FIXTURES}casagfed2004.mat`;

/** Runs a load that must be refused: one line on stderr, the given exit code, nothing written. */
async function refused(args: string[], code: number, message: RegExp): Promise<void> {
  const before = await snapshotDatabase(server.db);
  const result = await runFluxManage(['load', ...args], { env: server.env });
  assert.equal(result.code, code, `exit code for ${args.join(' ')}: ${result.stderr}`);
  const firstLine = result.stderr.split('\n')[0] ?? '';
  assert.match(firstLine, message);
  assert.ok(!/\n\s+at .*:\d+:\d+/.test(result.stderr), 'no stack trace');
  assert.doesNotMatch(result.stdout, /Upload complete!/);
  assert.deepEqual(await snapshotDatabase(server.db), before, 'the database is exactly as it was');
}

describe('load refuses bad input and writes nothing', () => {
  before(async () => {
    // An existing dataset, so that refused appends have something to leave alone.
    const result = await runFluxManage(
      [
        'load',
        '-p',
        CASA,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'existing',
        '-o',
        'timestamp=2004-06-30T00:00:00',
      ],
      { env: server.env },
    );
    assert.equal(result.code, 0, result.stderr);
  });

  it('a model that needs a timestamp and gets none, saying the three ways to give one', async () => {
    const file = temp.file('casa-copy.mat');
    await fs.copyFile(CASA, file); // no sibling config
    await refused(
      ['-p', file, '-m', 'SpatioTemporalMatrix', '-n', 'a'],
      1,
      /SpatioTemporalMatrix needs a timestamp: give "timestamp" in the config file, or -o "timestamp=.*", or a file name/,
    );
  });

  it('an unknown model or mediator, listing the valid ones (usage errors)', async () => {
    await refused(
      ['-p', CASA, '-m', 'SpaceTimeMatrix', '-n', 'a'],
      2,
      /unknown model "SpaceTimeMatrix"; the models are SpatioTemporalMatrix, KrigedXCO2Matrix, XCO2Matrix, CovarianceMatrix/,
    );
    await refused(
      ['-p', CASA, '-m', 'SpatioTemporalMatrix', '-n', 'a', '-d', 'Grid5DMediator'],
      2,
      /unknown mediator "Grid5DMediator"; the mediators are Grid4DMediator, Grid3DMediator, Unstructured3DMediator, CovarianceMediator/,
    );
    await refused(
      ['-p', CASA, '-m', 'SpatioTemporalMatrix', '-n', 'a', '-d', 'Unstructured3DMediator'],
      1,
      /Unstructured3DMediator cannot store SpatioTemporalMatrix data; use Grid4DMediator or Grid3DMediator/,
    );
  });

  it('a wrong column count', async () => {
    await refused(
      [
        '-p',
        CASA,
        '-m',
        'KrigedXCO2Matrix',
        '-n',
        'a',
        '-o',
        'timestamp=2009-06-15;var_name=casa_gfed_2004',
      ],
      1,
      /variable "casa_gfed_2004" does not fit KrigedXCO2Matrix: it has 10 columns; a kriged XCO2 matrix has exactly 9/,
    );
    await refused(
      [
        '-p',
        `${FIXTURES}xco2.mat`,
        '-m',
        'CovarianceMatrix',
        '-n',
        'a',
        '-o',
        'timestamp=2009-06-15',
      ],
      1,
      /a covariance matrix must be square/,
    );
  });

  it('a variable that is missing or not a loadable matrix', async () => {
    await refused(
      [
        '-p',
        CASA,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'a',
        '-o',
        'timestamp=2004-06-30;var_name=nope',
      ],
      1,
      /no variable "nope"; the file has casa_gfed_2004 \(double 2635x10\)/,
    );
    const file = temp.file('text.mat');
    await fs.writeFile(file, writeMat5([{ kind: 'char', name: 'label', text: 'not numbers' }]));
    await refused(
      ['-p', file, '-m', 'SpatioTemporalMatrix', '-n', 'a', '-o', 'timestamp=2004-06-30'],
      1,
      /variable "label" cannot be loaded: char is not numeric data/,
    );
  });

  it('config files with a syntax error (line and column) or a value of the wrong type (the key)', async () => {
    const broken = temp.file('broken.json');
    await fs.writeFile(broken, '{\n  "title": "x",\n  "steps": [10800,]\n}\n');
    await refused(
      ['-p', CASA, '-m', 'SpatioTemporalMatrix', '-n', 'a', '-c', broken],
      1,
      /config file .*broken\.json: not valid JSON at line 3, column 19: trailing comma/,
    );
    const typed = temp.file('typed.json');
    await fs.writeFile(typed, JSON.stringify({ steps: 'often', timestamp: '2004-06-30' }));
    await refused(
      ['-p', CASA, '-m', 'SpatioTemporalMatrix', '-n', 'a', '-c', typed],
      1,
      /config file .*typed\.json: key "steps": .*\(got "often"\)/,
    );
    const badTime = temp.file('time.json');
    await fs.writeFile(badTime, JSON.stringify({ timestamp: '30/06/2004' }));
    await refused(
      ['-p', CASA, '-m', 'SpatioTemporalMatrix', '-n', 'a', '-c', badTime],
      1,
      /key "timestamp": "30\/06\/2004" is not an ISO 8601 time/,
    );
    await refused(
      ['-p', CASA, '-m', 'SpatioTemporalMatrix', '-n', 'a', '-c', temp.file('absent.json')],
      1,
      /config file .*absent\.json: no such file/,
    );
  });

  it('an -o segment that is not a literal (a usage error pointing at it)', async () => {
    await refused(
      [
        '-p',
        CASA,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'a',
        '-o',
        "timestamp=2004-06-30;steps=__import__('os').system('true')",
      ],
      2,
      /-o segment 2/,
    );
    await refused(
      [
        '-p',
        CASA,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'a',
        '-o',
        'timestamp=2004-06-30;units={"$where": "1"}',
      ],
      2,
      /-o segment 2/,
    );
  });

  it('reserved and invalid dataset names', async () => {
    for (const name of [
      'metadata',
      'coord_index',
      'summary_stats',
      'system.users',
      '_geom_x',
      '_fluxmanage_journal',
      'a$b',
      'a.b',
      'x'.repeat(101),
      '',
    ]) {
      await refused(
        ['-p', CASA, '-m', 'SpatioTemporalMatrix', '-n', name, '-o', 'timestamp=2004-06-30'],
        name === '' ? 2 : 1,
        name === '' ? /missing required option -n/ : /invalid dataset name/,
      );
    }
  });

  it('appending a different grid, or times the dataset has, or leaving a gap in a Grid4D series', async () => {
    const kriged = temp.file('Kriged_20040630_shifted.mat');
    await fs.copyFile(`${FIXTURES}kriged_xco2.mat`, kriged);
    // Same times as "existing": named, with the way out.
    await refused(
      [
        '-p',
        CASA,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'existing',
        '-o',
        'timestamp=2004-06-30T00:00:00',
      ],
      1,
      /dataset "existing" already has 8 of these times, e.g\. 2004-06-30T00:00:00.*--skip-existing.*--replace/,
    );
    // A later block that leaves a gap after 2004-06-30T21:00:00.
    await refused(
      [
        '-p',
        CASA,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'existing',
        '-o',
        'timestamp=2004-07-02T00:00:00',
      ],
      1,
      /no longer be one series every 10800 s: 2004-07-01T00:00:00 would be missing/,
    );
    // Another grid.
    const file = temp.file('small.mat');
    await fs.writeFile(
      file,
      writeMat5([
        { kind: 'numeric', name: 'm', class: 'double', dims: [2, 3], values: [0, 1, 0, 1, 5, 6] },
      ]),
    );
    await refused(
      [
        '-p',
        file,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'existing',
        '-o',
        'timestamp=2004-07-01T00:00:00',
      ],
      1,
      /its grid differs from dataset "existing"'s coord_index: 2 cells instead of 2635/,
    );
  });

  it('a grid so fine that one time step would pass 16 MiB, before anything is written', async () => {
    const rows = 1_100_000; // 1.1 million cells x 8 bytes plus keys: about 17 MiB per document
    const file = temp.file('fine.mat');
    const values = new Array(rows * 3)
      .fill(0)
      .map((_, i) => (i < rows ? (i % 360) - 180 : i < 2 * rows ? (i % 180) - 90 : 1.5));
    await fs.writeFile(
      file,
      writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [rows, 3], values }], {
        compress: true,
      }),
    );
    await refused(
      ['-p', file, '-m', 'SpatioTemporalMatrix', '-n', 'fine', '-o', 'timestamp=2004-06-30'],
      1,
      /one document of Grid4DMediator would be 1[67]\.\d MiB, over MongoDB's 16 MiB limit \(1100000 cells x 1 parameters\)/,
    );
  });
});
