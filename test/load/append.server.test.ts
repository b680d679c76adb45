import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { writeMat5 } from '#test/support/matWriter.js';
import { runFluxManage } from '#test/support/cli.js';
import { PYTHON_STATS, python } from '#test/support/python.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { assertStatsClose } from '#test/support/stats.js';

const server = useTestDatabase('loadappend');
const temp = useTempDir('loadappend');

const X = [10.5, 11.5, 12.5];
const Y = [40.5, 40.5, 41.5];

/** A 3-cell SpatioTemporalMatrix whose step k holds base + k + cell/10 (exact at 2 decimals). */
async function matrixFile(name: string, steps: number, base: number): Promise<string> {
  const values = [...X, ...Y];
  for (let k = 0; k < steps; k++) values.push(...[0, 1, 2].map((cell) => base + k + cell / 10));
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 2 + steps], values }]),
  );
  return file;
}

async function load(file: string, name: string, timestamp: string, ...extra: string[]) {
  return runFluxManage(
    [
      'load',
      '-p',
      file,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      name,
      '-o',
      `timestamp=${timestamp}`,
      ...extra,
    ],
    {
      env: server.env,
    },
  );
}

async function stored(name: string) {
  const documents = await server.db
    .collection<{ _id: Date; values: number[] }>(name)
    .find({})
    .sort({ _id: 1 })
    .toArray();
  return documents.map(
    (document) => [document._id.toISOString().slice(0, 19), document.values] as const,
  );
}

describe('appending to an existing dataset', () => {
  it('adds later time steps and recomputes dates and statistics over the whole dataset', async () => {
    const first = await matrixFile('first.mat', 2, 1);
    const second = await matrixFile('second.mat', 3, 100);
    assert.equal((await load(first, 'series', '2004-06-30T00:00:00')).code, 0);
    const appended = await load(second, 'series', '2004-06-30T06:00:00');
    assert.equal(appended.code, 0, appended.stderr);
    assert.match(appended.stdout, /into the existing dataset "series"/);
    const documents = await stored('series');
    assert.deepEqual(
      documents.map(([time]) => time),
      [
        '2004-06-30T00:00:00',
        '2004-06-30T03:00:00',
        '2004-06-30T06:00:00',
        '2004-06-30T09:00:00',
        '2004-06-30T12:00:00',
      ],
    );
    assert.deepEqual(documents[3]?.[1], [101, 101.1, 101.2]);
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'series' });
    assert.deepEqual(metadata?.dates, ['2004-06-30T00:00:00', '2004-06-30T12:00:00']);
    const expected = await python<object>(
      `${PYTHON_STATS}\nemit({'values': stats([v for d in data for v in d])})`,
      documents.map(([, values]) => values),
    );
    assertStatsClose(metadata?.stats, expected);
  });

  it('--skip-existing loads only the new times; --replace overwrites the old ones', async () => {
    const first = await matrixFile('a.mat', 2, 1);
    const overlapping = await matrixFile('b.mat', 3, 50); // 03:00 (old) and 06:00, 09:00 (new)
    assert.equal((await load(first, 'mixed', '2004-06-30T00:00:00')).code, 0);
    const skipped = await load(overlapping, 'mixed', '2004-06-30T03:00:00', '--skip-existing');
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.match(skipped.stdout, /1 existing times skipped/);
    let documents = await stored('mixed');
    assert.deepEqual(
      documents.map(([time]) => time.slice(11, 16)),
      ['00:00', '03:00', '06:00', '09:00'],
    );
    assert.deepEqual(documents[1]?.[1], [2, 2.1, 2.2], 'the old 03:00 is kept');
    assert.deepEqual(documents[2]?.[1], [51, 51.1, 51.2]);

    const replacement = await matrixFile('c.mat', 1, 900);
    const replaced = await load(replacement, 'mixed', '2004-06-30T03:00:00', '--replace');
    assert.equal(replaced.code, 0, replaced.stderr);
    documents = await stored('mixed');
    assert.equal(documents.length, 4);
    assert.deepEqual(documents[1]?.[1], [900, 900.1, 900.2], 'the 03:00 step was replaced');
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'mixed' });
    assert.equal((metadata?.stats as { values: { max: number } }).values.max, 900.2);
  });

  it('--dry-run prints the metadata and document count and writes nothing', async () => {
    const file = await matrixFile('dry.mat', 4, 7);
    const result = await load(file, 'dry', '2004-06-30T00:00:00', '--dry-run', '--json');
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as {
      dryRun: boolean;
      documents: number;
      metadata: { dates: string[]; stats: { values: { min: number } } };
    };
    assert.equal(summary.dryRun, true);
    assert.equal(summary.documents, 4);
    assert.deepEqual(summary.metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T09:00:00']);
    assert.equal(summary.metadata.stats.values.min, 7);
    const names = (await server.db.listCollections().toArray()).map((c) => c.name);
    assert.ok(!names.includes('dry'));
    assert.equal(await server.db.collection('metadata').countDocuments({ _id: 'dry' as never }), 0);
  });

  it('--dry-run of an append counts the documents it would write, not the whole dataset', async () => {
    const first = await matrixFile('dry-first.mat', 2, 1); // 00:00, 03:00
    const second = await matrixFile('dry-second.mat', 3, 50); // 06:00, 09:00, 12:00
    assert.equal((await load(first, 'dry_append', '2004-06-30T00:00:00')).code, 0);
    const result = await load(second, 'dry_append', '2004-06-30T06:00:00', '--dry-run', '--json');
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as {
      mode: string;
      documents: number;
      values: number;
      metadata: { dates: string[] };
    };
    assert.equal(summary.mode, 'append');
    assert.equal(summary.documents, 3, 'the three time steps of the second file');
    assert.equal(summary.values, 9, 'three cells each');
    assert.deepEqual(summary.metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T12:00:00']);
    assert.equal((await stored('dry_append')).length, 2, 'nothing was written');
  });

  it('loads every matching file of a directory, in name order, into one dataset', async () => {
    const dir = temp.file('suite');
    await fs.mkdir(dir);
    // Kriged files name their own times.
    for (const [day, base] of [
      ['20090615', 380],
      ['20090621', 381],
    ] as const) {
      const values = [
        ...Y,
        ...X,
        base,
        base + 0.5,
        base + 1,
        4,
        9,
        16,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
      ];
      await fs.writeFile(
        `${dir}/Kriged_${day}_test.mat`,
        writeMat5([{ kind: 'numeric', name: 'krigedData', class: 'double', dims: [3, 9], values }]),
      );
    }
    await fs.writeFile(`${dir}/notes.txt`, 'not data');
    const result = await runFluxManage(
      ['load', '-p', dir, '--pattern', 'Kriged_*.mat', '-m', 'KrigedXCO2Matrix', '-n', 'suite'],
      { env: server.env },
    );
    assert.equal(result.code, 0, result.stderr);
    const documents = await server.db
      .collection<{ _id: Date; _span: number; values: number[]; errors: number[] }>('suite')
      .find({})
      .sort({ _id: 1 })
      .toArray();
    assert.deepEqual(
      documents.map((d) => [d._id.toISOString().slice(0, 10), d._span, d.values, d.errors]),
      [
        // values keep 1 decimal (precision 1); errors are sqrt(4), sqrt(9), sqrt(16).
        ['2009-06-15', 518400, [380, 380.5, 381], [2, 3, 4]],
        ['2009-06-21', 518400, [381, 381.5, 382], [2, 3, 4]],
      ],
    );
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'suite' });
    assert.deepEqual(metadata?.dates, ['2009-06-15T00:00:00', '2009-06-21T00:00:00']);
    assert.deepEqual(metadata?.spans, [518400, 518400]);
  });
});
