/**
 * The data checks from the command line (docs/loading.md, "Data checks"): `warning: ...` lines
 * on stderr and "warnings" in --json (an empty list when none), and --strict refusing a load
 * or a dry run with warnings, writing nothing. The file is test/support/checkGrids.ts's grid
 * with its last step (2004-01-01T09:00:00) all zeros: one constant-step warning.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { writeGridFile, zeroStepGrid } from '#test/support/checkGrids.js';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { useTestDatabase } from '#test/support/server.js';
import { snapshotDatabase } from '#test/support/snapshot.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('checks');
const temp = useTempDir('checks');

const WARNING_LINE =
  'flux-manage: warning: constant-step: "values": every value is 0 at 1 step: 2004-01-01T09:00:00';

const load = (path: string, name: string, timestamp: string, ...extra: string[]) =>
  runFluxManage(
    [
      'load',
      '-p',
      path,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      name,
      '-o',
      `timestamp=${timestamp}`,
      ...extra,
    ],
    { env: server.env },
  );

describe('load: data check warnings', () => {
  let zeros = '';
  before(async () => {
    zeros = await writeGridFile(temp.file('zeros.mat'), zeroStepGrid());
  });

  it('--json lists no warning for the casagfed2004 fixture', async () => {
    const result = await load(
      `${FIXTURES}casagfed2004.mat`,
      'casa',
      '2004-06-30T00:00:00',
      '--dry-run',
      '--json',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).warnings, []);
    assert.doesNotMatch(result.stderr, /warning/);
  });

  it('a dry run prints the warning on stderr and lists it in --json', async () => {
    const result = await load(zeros, 'zeros', '2004-01-01T00:00:00', '--dry-run', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stderr.trim().split('\n'), [WARNING_LINE]);
    const [warning, ...others] = JSON.parse(result.stdout).warnings;
    assert.deepEqual(others, []);
    assert.equal(warning.check, 'constant-step');
    assert.equal(warning.message, '"values": every value is 0 at 1 step: 2004-01-01T09:00:00');
  });

  it('--strict refuses the load and its dry run, writing nothing', async () => {
    const before = await snapshotDatabase(server.db);
    for (const extra of [[], ['--dry-run']]) {
      const result = await load(zeros, 'zeros', '2004-01-01T00:00:00', '--strict', ...extra);
      assert.equal(result.code, 1, result.stderr);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines[0], WARNING_LINE);
      assert.match(
        lines[1] ?? '',
        /--strict refuses a load with data warnings \(1; the first: constant-step/,
      );
      assert.doesNotMatch(result.stdout, /Upload complete!/);
    }
    assert.deepEqual(
      await snapshotDatabase(server.db),
      before,
      'the database is exactly as it was',
    );
  });

  it('without --strict the load goes ahead, warning', async () => {
    const result = await load(zeros, 'zeros', '2004-01-01T00:00:00');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stderr.split('\n').includes(WARNING_LINE), result.stderr);
    assert.equal(await server.db.collection('zeros').countDocuments(), 4);
  });

  it('db -a --deep reports it as a data check, not an inconsistency', async () => {
    const result = await runFluxManage(['db', '-a', '--deep'], { env: server.env });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.ok(
      lines.includes(
        'DATA CHECK: collection ID "zeros": constant-step: "values": every value is 0 at 1 step: 2004-01-01T09:00:00',
      ),
      result.stdout,
    );
    assert.ok(lines.includes('No inconsistencies found!'), result.stdout);
    assert.doesNotMatch(result.stdout, /INCONSISTENCY FOUND/);
  });
});
