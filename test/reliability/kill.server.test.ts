import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { JOURNAL_COLLECTION } from '#core/journal.js';
import { CLI_PATH, gridLoad, runFluxManage, type CliResult } from '#test/support/cli.js';
import { datasetContents } from '#test/support/contents.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { pause } from '#test/support/ink.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('kill');
const temp = useTempDir('kill');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runFluxManage(args, { env: { ...server.env, ...env } });

/** Kill points tried, reported in the README's reliability section. */
const tried = { points: 0, kills: 0 };

const files = { grid: '', later: '', observations: '', big: '' };

/** A SpatioTemporalMatrix of `cells` cells and `steps` steps; step k holds base + k + cell/100. */
async function gridFile(name: string, cells: number, steps: number, base: number): Promise<string> {
  const values: number[] = [];
  for (let cell = 0; cell < cells; cell++) values.push(-180 + (cell % 360) + 0.5);
  for (let cell = 0; cell < cells; cell++) values.push(-89.5 + Math.floor(cell / 360));
  for (let k = 0; k < steps; k++)
    for (let cell = 0; cell < cells; cell++) values.push(base + k + cell / 100);
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [cells, 2 + steps], values }], {
      compress: true,
    }),
  );
  return file;
}

/** XCO2-style observations: 2500 rows over 3 days, so that a load writes 3 batches. */
async function observationFile(name: string): Promise<string> {
  const rows = 2500;
  const columns = [
    Array.from({ length: rows }, (_, i) => -120 + (i % 100) * 0.5),
    Array.from({ length: rows }, (_, i) => 20 + Math.floor(i / 100) * 0.25),
    Array.from({ length: rows }, (_, i) => 380 + (i % 97) * 0.1),
    Array.from({ length: rows }, (_, i) => 166 + (i % 3)),
    Array.from({ length: rows }, () => 2009),
    Array.from({ length: rows }, (_, i) => 0.5 + (i % 7) * 0.01),
  ];
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([
      { kind: 'numeric', name: 'XCO2', class: 'double', dims: [rows, 6], values: columns.flat() },
    ]),
  );
  return file;
}

const loadNew = (name: string) => gridLoad(files.grid, name, ['-q']);
const loadObservations = (name: string) => [
  'load',
  '-p',
  files.observations,
  '-m',
  'XCO2Matrix',
  '-n',
  name,
  '-q',
];
const appendReplace = (name: string) => [
  'load',
  '-p',
  files.later,
  '-m',
  'SpatioTemporalMatrix',
  '-n',
  name,
  '-o',
  'timestamp=2004-06-30T06:00:00',
  '--replace',
  '-q',
];

async function ok(args: string[]): Promise<CliResult> {
  const result = await cli(args);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return result;
}

/** Removes a dataset if anything of it is left (a rolled-back load leaves nothing). */
async function cleanUp(name: string): Promise<void> {
  const result = await cli(['remove', '-n', name]);
  assert.ok(result.code === 0 || /does not exist/.test(result.stderr), result.stderr);
}

async function listed(name: string): Promise<boolean> {
  const result = await ok(['db', '-l', 'collections']);
  return result.stdout.split('\n').includes(name);
}

async function findings(): Promise<Array<{ kind: string; dataset: string }>> {
  return (
    JSON.parse((await ok(['db', '-a', '--json'])).stdout) as {
      findings: Array<{ kind: string; dataset: string }>;
    }
  ).findings;
}

async function killAt(point: string, args: string[]): Promise<void> {
  const result = await cli(args, { FLUX_MANAGE_CRASH_AT: point });
  assert.equal(
    result.signal,
    'SIGKILL',
    `the run reached "${point}" and died there (${result.code}: ${result.stderr})`,
  );
  tried.kills++;
}

describe('kill -9 at every step of a load, an append and a rename', () => {
  const reference: Record<string, Awaited<ReturnType<typeof datasetContents>>> = {};

  before(async () => {
    files.grid = await gridFile('grid.mat', 120, 6, 1);
    files.later = await gridFile('later.mat', 120, 4, 50); // 06:00 and 09:00 replace, 12:00 and 15:00 are new
    files.observations = await observationFile('obs.mat');
    files.big = await gridFile('big.mat', 1500, 30, 7);
    await ok(loadNew('ref_new'));
    reference.new = await datasetContents(server.db, 'ref_new');
    await ok(loadObservations('ref_obs'));
    reference.observations = await datasetContents(server.db, 'ref_obs');
    await ok(loadNew('ref_append'));
    reference.beforeAppend = await datasetContents(server.db, 'ref_append');
    await ok(appendReplace('ref_append'));
    reference.append = await datasetContents(server.db, 'ref_append');
  });

  const scenarios = [
    {
      label: 'new load',
      reference: 'new',
      command: loadNew,
      points: [
        'claim',
        'journal',
        'batch:1',
        'documents',
        'coord_index',
        'committing',
        'rename',
        'metadata',
      ],
    },
    {
      label: 'new load of observations',
      reference: 'observations',
      command: loadObservations,
      points: ['batch:1', 'batch:2', 'committing'],
    },
  ];
  for (const scenario of scenarios) {
    for (const point of scenario.points) {
      tried.points++;
      for (const recovery of ['fix', 'rerun'] as const) {
        it(`${scenario.label}, killed after "${point}", then ${recovery === 'fix' ? '`db -a --fix`' : 'the same command again'}`, async () => {
          const name = `${scenario.reference}_${point.replace(':', '')}_${recovery}`;
          await killAt(point, scenario.command(name));
          const complete = point === 'metadata';
          if (!complete) {
            assert.equal(await listed(name), false, 'db -l does not list a partial dataset');
            assert.equal(
              await server.db.collection('metadata').countDocuments({ _id: name as never }),
              0,
              'no metadata for it',
            );
          }
          assert.ok(
            (await findings()).some(
              (finding) => finding.dataset === name && finding.kind === 'interrupted',
            ),
            'db -a reports it',
          );
          if (recovery === 'fix') {
            await ok(['db', '-a', '--fix']);
            assert.deepEqual(await findings(), []);
            const after = await datasetContents(server.db, name);
            const rolledBack =
              after.documents.length === 0 && after.metadata === null && after.coordinates === null;
            assert.ok(
              rolledBack || JSON.stringify(after) === JSON.stringify(reference[scenario.reference]),
              'undone, or finished exactly',
            );
          } else {
            await ok(scenario.command(name));
            assert.deepEqual(await datasetContents(server.db, name), reference[scenario.reference]);
            assert.deepEqual(await findings(), []);
          }
          await cleanUp(name);
        });
      }
    }
  }

  for (const point of [
    'claim',
    'journal',
    'backup',
    'replaced',
    'batch:1',
    'documents',
    'committing',
    'metadata',
  ]) {
    tried.points++;
    for (const recovery of ['fix', 'rerun'] as const) {
      it(`append with --replace, killed after "${point}", then ${recovery === 'fix' ? '`db -a --fix`' : 'the same command again'}`, async () => {
        const name = `append_${point.replace(':', '')}_${recovery}`;
        await ok(loadNew(name));
        await killAt(point, appendReplace(name));
        if (point !== 'metadata') {
          const metadata = await server.db
            .collection<{ _id: string }>('metadata')
            .findOne({ _id: name });
          assert.deepEqual(
            { ...metadata, _id: null },
            reference.beforeAppend?.metadata,
            'the metadata still describes the dataset before the append',
          );
        }
        assert.ok(
          (await findings()).some(
            (finding) => finding.dataset === name && finding.kind === 'interrupted',
          ),
        );
        if (recovery === 'fix') {
          await ok(['db', '-a', '--fix']);
          assert.deepEqual(await findings(), []);
          const after = JSON.stringify(await datasetContents(server.db, name));
          assert.ok(
            after === JSON.stringify(reference.beforeAppend) ||
              after === JSON.stringify(reference.append),
            'undone, or finished exactly',
          );
        } else {
          await ok(appendReplace(name));
          assert.deepEqual(await datasetContents(server.db, name), reference.append);
        }
        await cleanUp(name);
      });
    }
  }

  for (const point of ['claim', 'data', 'geometry', 'entries']) {
    tried.points++;
    for (const recovery of ['fix', 'rerun'] as const) {
      it(`rename, killed after "${point}", then ${recovery === 'fix' ? '`db -a --fix`' : 'the same command again'}`, async () => {
        const from = `ren_${point}_${recovery}`;
        const to = `${from}_new`;
        await ok(loadNew(from));
        await server.db.collection(`_geom_${from}`).insertOne({ cache: true });
        await killAt(point, ['rename', '-n', from, '-r', to]);
        assert.ok((await findings()).some((finding) => finding.kind === 'interrupted'));
        await ok(recovery === 'fix' ? ['db', '-a', '--fix'] : ['rename', '-n', from, '-r', to]);
        assert.deepEqual(await findings(), []);
        assert.deepEqual(await datasetContents(server.db, to), reference.new);
        assert.deepEqual(await datasetContents(server.db, from), {
          documents: [],
          metadata: null,
          coordinates: null,
        });
        const geometry = await server.db.listCollections({ name: `_geom_${to}` }).toArray();
        assert.equal(geometry.length, 1, 'the geometry cache moved too');
        await cleanUp(to);
      });
    }
  }

  it(
    'killed at 8 moments spread over a longer load: re-running always gives the uninterrupted result',
    { timeout: 600_000 },
    async () => {
      const args = (name: string) => gridLoad(files.big, name, ['-q']);
      const started = Date.now();
      await ok(args('ref_big'));
      const duration = Date.now() - started;
      const expected = await datasetContents(server.db, 'ref_big');
      for (let k = 1; k <= 8; k++) {
        const name = `big_${k}`;
        const delay = Math.round((duration * k) / 9);
        const child = spawn(process.execPath, [CLI_PATH, ...args(name)], {
          env: server.env,
          stdio: 'ignore',
        });
        // Listened for at once: a run faster than the reference may end before the kill.
        const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
          child.on('close', (code, signal) => resolve({ code, signal })),
        );
        await pause(delay);
        child.kill('SIGKILL');
        const status = await closed;
        if (status.signal === 'SIGKILL') {
          tried.kills++;
          if (!(await server.db.collection('metadata').countDocuments({ _id: name as never }))) {
            assert.equal(
              await listed(name),
              false,
              `killed after ${delay} ms: not listed while incomplete`,
            );
          }
        }
        // A run that had finished its work (metadata written, journal entry cleared) before the
        // kill landed, or before the moment came, is complete: re-running the very same command
        // is then refused as a duplicate, so the operator's re-run skips the times it has.
        const finished =
          (await server.db.collection('metadata').countDocuments({ _id: name as never })) === 1 &&
          (await server.db
            .collection(JOURNAL_COLLECTION)
            .countDocuments({ _id: name as never })) === 0;
        await ok(finished ? gridLoad(files.big, name, ['-q', '--skip-existing']) : args(name));
        assert.deepEqual(
          await datasetContents(server.db, name),
          expected,
          `killed after ${delay} ms (${status.signal ?? `exit ${status.code}`})`,
        );
        await cleanUp(name);
      }
      assert.deepEqual(await findings(), []);
      tried.points += 8;
      console.log(`reliability: ${tried.points} kill points, ${tried.kills} kills`);
    },
  );
});
