import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Document } from 'mongodb';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { runFluxManage } from '#test/support/cli.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { PYTHON_STATS, python } from '#test/support/python.js';
import { useTestDatabase } from '#test/support/server.js';
import { assertStatsClose } from '#test/support/stats.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('sketch');
const temp = useTempDir('sketch');

type Doc = Document;
const sketchOf = (name: string) =>
  server.db.collection<Doc>('summary_stats').findOne({ _id: name as never });
const metadataOf = (name: string) =>
  server.db.collection<Doc>('metadata').findOne({ _id: name as never });

async function cli(...args: string[]) {
  const result = await runFluxManage(args, { env: server.env });
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return result;
}

/** A kriged XCO2 field on 3 cells (y, x, values, errors, 5 unused) named for its day. */
async function kriged(day: string, base: number): Promise<string> {
  const values = [40.5, 40.5, 41.5, 10.5, 11.5, 12.5, base, base + 0.5, base + 1.25, 4, 9, 2];
  values.push(...new Array(15).fill(0));
  const file = temp.file(`Kriged_${day}_test.mat`);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'krigedData', class: 'double', dims: [3, 9], values }]),
  );
  return file;
}

/** XCO2 observations (x, y, value, day of year, year, error), one row each. */
async function observations(name: string, rows: number[][]): Promise<string> {
  const values = [0, 1, 2, 3, 4, 5].flatMap((column) => rows.map((row) => row[column] as number));
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'XCO2', class: 'double', dims: [rows.length, 6], values }]),
  );
  return file;
}

/** Every stored value of a parameter, as the statistics must cover them (no nulls here). */
async function storedValues(name: string, read: (document: Doc) => number[]): Promise<number[]> {
  return (await server.db.collection<Doc>(name).find({}).toArray()).flatMap(read);
}

const pythonStats = (values: Record<string, number[]>) =>
  python<object>(`${PYTHON_STATS}\nemit({k: stats(v) for k, v in data.items()})`, values);

describe('the statistics sketch an append works from', () => {
  it('Grid3D: an append from the sketch gives the exact statistics of every stored value', async () => {
    await cli('load', '-p', await kriged('20090615', 380), '-m', 'KrigedXCO2Matrix', '-n', 'k3');
    assert.ok(await sketchOf('k3'), 'the load kept a sketch');
    await cli('load', '-p', await kriged('20090621', 383.25), '-m', 'KrigedXCO2Matrix', '-n', 'k3');
    const metadata = await metadataOf('k3');
    assert.deepEqual(metadata?.dates, ['2009-06-15T00:00:00', '2009-06-21T00:00:00']);
    assert.deepEqual(metadata?.spans, [518400, 518400]);
    const expected = await pythonStats({
      values: await storedValues('k3', (d) => d.values as number[]),
      errors: await storedValues('k3', (d) => d.errors as number[]),
    });
    assertStatsClose(metadata?.stats, expected);
    const sketch = await sketchOf('k3');
    assert.deepEqual(sketch?.stats, metadata?.stats, 'the sketch now describes the whole dataset');
    assert.equal(sketch?.documents, 2);
  });

  it('observations: an append from the sketch gives the exact statistics, dates and bbox', async () => {
    const first = await observations('obs-1.mat', [
      [-100.5, 40.25, 386.1, 166, 2009, 0.5],
      [-101.5, 41.25, 387.2, 166, 2009, 0.6],
    ]);
    const second = await observations('obs-2.mat', [
      [-90.5, 35.25, 390.3, 170, 2009, 0.7],
      [-91.5, 36.25, 388.4, 171, 2009, 0.8],
    ]);
    const stamp = (day: string) => `timestamp=${day}`;
    await cli('load', '-p', first, '-m', 'XCO2Matrix', '-n', 'obs', '-o', stamp('2009-06-15'));
    await cli('load', '-p', second, '-m', 'XCO2Matrix', '-n', 'obs', '-o', stamp('2009-06-19'));
    const metadata = await metadataOf('obs');
    assert.deepEqual(metadata?.bbox, [-101.5, 35.25, -90.5, 41.25]);
    // Distinct observation dates, newest first (day 166 of 2009 is 2009-06-16).
    assert.deepEqual(metadata?.dates, [
      '2009-06-21T00:00:00',
      '2009-06-20T00:00:00',
      '2009-06-16T00:00:00',
    ]);
    const property = (name: string) => (d: Doc) => [
      (d.properties as Record<string, number>)[name] as number,
    ];
    const expected = await pythonStats({
      value: await storedValues('obs', property('value')),
      error: await storedValues('obs', property('error')),
    });
    assertStatsClose(metadata?.stats, expected);
  });

  it('is never used once another tool has changed the dataset: the append reads the data', async () => {
    await cli('load', '-p', await kriged('20090701', 390), '-m', 'KrigedXCO2Matrix', '-n', 'other');
    // The original tool's remove leaves summary_stats alone; its load writes its own metadata.
    await server.db.collection('other').drop();
    await server.db.collection<Doc>('coord_index').deleteOne({ _id: 'other' as never });
    await server.db.collection<Doc>('metadata').deleteOne({ _id: 'other' as never });
    const stale = await sketchOf('other');
    assert.ok(stale, 'a stale sketch is left behind');
    await server.db.collection<Doc>('other').insertOne({
      _id: new Date('2009-07-01T00:00:00Z') as never,
      _span: 518400,
      values: [1, 2, 3],
      errors: [1, 1, 1],
    });
    await server.db.collection<Doc>('coord_index').insertOne({
      _id: 'other' as never,
      i: (await new MongoStore(server.db).serverInfo()).nestedArrays
        ? [
            [10.5, 40.5],
            [11.5, 40.5],
            [12.5, 41.5],
          ]
        : [
            { x: 10.5, y: 40.5 },
            { x: 11.5, y: 40.5 },
            { x: 12.5, y: 41.5 },
          ],
    });
    await server.db.collection<Doc>('metadata').insertOne({
      _id: 'other' as never,
      title: 'loaded by the original tool',
      units: { x: 'degrees', y: 'degrees' },
      grid: { units: 'degrees', x: 1, y: 1 },
      bbox: [10.5, 40.5, 12.5, 41.5],
      dates: ['2009-07-01T00:00:00'],
      spans: [518400],
      gridded: true,
      stats: {
        values: { mean: 2, min: 1, max: 3, std: 1, median: 2 },
        errors: { mean: 1, min: 1, max: 1, std: 0, median: 1 },
      },
    });
    await cli('load', '-p', await kriged('20090707', 390), '-m', 'KrigedXCO2Matrix', '-n', 'other');
    const expected = await pythonStats({
      values: await storedValues('other', (d) => d.values as number[]),
      errors: await storedValues('other', (d) => d.errors as number[]),
    });
    assert.deepEqual(
      (expected as { values: { min: number } }).values.min,
      1,
      "the other tool's values count",
    );
    assertStatsClose((await metadataOf('other'))?.stats, expected);
  });

  it('moves with a rename, goes with a remove; the audit reports one left behind', async () => {
    await cli(
      'load',
      '-p',
      await kriged('20090801', 391),
      '-m',
      'KrigedXCO2Matrix',
      '-n',
      'moving',
    );
    await cli('rename', '-n', 'moving', '-r', 'moved');
    assert.equal(await sketchOf('moving'), null);
    assert.ok(await sketchOf('moved'));
    await cli('remove', '-n', 'moved', '--yes');
    assert.equal(await sketchOf('moved'), null);

    await server.db.collection<Doc>('summary_stats').insertOne({ _id: 'gone' as never, format: 1 });
    const audit = await runFluxManage(['db', '-a'], { env: server.env });
    assert.match(
      audit.stdout,
      /INCONSISTENCY FOUND: stale entry for collection ID "gone" in summary_stats/,
    );
    await cli('db', '-a', '--fix');
    assert.equal(await sketchOf('gone'), null);
    // The collection is not a dataset to flux-manage's listing (nor to the original tool's).
    const listing = await cli('db', '-l', 'collections');
    assert.doesNotMatch(listing.stdout, /summary_stats/);
  });
});
