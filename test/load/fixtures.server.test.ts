import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { PYTHON_STATS, python } from '#test/support/python.js';
import { readColumns } from '#test/support/readers.js';
import { assertStatsClose } from '#test/support/stats.js';
import { storedPairs } from '#test/support/coordIndex.js';
import { useTestDatabase } from '#test/support/server.js';

const server = useTestDatabase('loadfix');

type Pair = [number, number];

async function rawColumns(file: string, variable: string): Promise<number[][]> {
  const data = await openDataFileAt(`${FIXTURES}${file}`);
  try {
    return await readColumns(data, variable);
  } finally {
    await data.close();
  }
}

/** coord_index pairs, whichever way the server stored them (docs/ferretdb.md). */
async function coordIndex(name: string): Promise<Pair[]> {
  const document = await server.db
    .collection<{ _id: string; i: unknown }>('coord_index')
    .findOne({ _id: name });
  assert.ok(document, `coord_index entry for ${name}`);
  return storedPairs(document.i);
}

async function load(...args: string[]) {
  const result = await runFluxManage(['load', ...args], { env: server.env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Upload complete!/);
  return result;
}

describe('loading the real fixtures', () => {
  it('casagfed2004.mat with timestamp 2004-06-30T00:00:00 stores exactly what the original did', async () => {
    await load(
      '-p',
      `${FIXTURES}casagfed2004.mat`,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'casa',
      '-o',
      'timestamp=2004-06-30T00:00:00',
    );
    const raw = await rawColumns('casagfed2004.mat', 'casa_gfed_2004');
    // Python, the original's language, computes what every stored number must be.
    const expected = await python<{
      coords: Pair[];
      steps: Array<Array<number | null>>;
      stats: object;
      md5: string;
      bbox: number[];
    }>(
      `${PYTHON_STATS}
import hashlib
x = [float('%.5f' % v) for v in data[0]]
y = [float('%.5f' % v) for v in data[1]]
steps = [[None if v is None else round(v, 2) for v in column] for column in data[2:]]
bbox = (min(x), min(y), max(x), max(y))
emit({'coords': [[a, b] for a, b in zip(x, y)], 'steps': steps, 'bbox': list(bbox),
      'md5': hashlib.md5(str(bbox).encode()).hexdigest(),
      'stats': {'values': stats([v for s in steps for v in s])}})`,
      raw,
    );

    // The fixture facts (test/fixtures/flux/README.md), as literal values.
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'casa' });
    assert.ok(metadata);
    assert.deepEqual(metadata.bbox, [-166.5, 10.5, -50.5, 69.5]);
    assert.equal(metadata.bboxmd5, '6f3e33c145010bc74c5ccd3ba772f504');
    assert.deepEqual(metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T21:00:00']);
    assert.equal(metadata.gridded, true);
    assert.deepEqual(metadata.grid, { units: 'degrees', x: 1, y: 1 });
    assert.deepEqual(metadata.steps, [10800]);
    const coordinates = await coordIndex('casa');
    assert.equal(coordinates.length, 2635);
    assert.deepEqual(coordinates[1], [-165.5, 61.5]);
    const first = await server.db
      .collection<{ _id: Date; values: number[] }>('casa')
      .findOne({ _id: new Date('2004-06-30T00:00:00Z') });
    assert.equal(first?.values.length, 2635);
    assert.equal(first?.values[0], 0.08);

    // Every stored number, against Python.
    assert.deepEqual(coordinates, expected.coords);
    const documents = await server.db
      .collection<{ _id: Date; values: Array<number | null> }>('casa')
      .find({})
      .sort({ _id: 1 })
      .toArray();
    assert.deepEqual(
      documents.map((document) => document._id.toISOString()),
      Array.from({ length: 8 }, (_, k) => new Date(Date.UTC(2004, 5, 30, 3 * k)).toISOString()),
    );
    // FerretDB stores -0 as 0 (docs/ferretdb.md); Python's round() keeps the sign.
    documents.forEach((document, k) =>
      assert.deepEqual(
        document.values.map(unsignedZero),
        expected.steps[k]?.map(unsignedZero),
        `time step ${k}`,
      ),
    );
    assert.deepEqual(Object.keys(document_(metadata)), [
      '_id',
      'title',
      'units',
      'gridded',
      'grid',
      'dates',
      'bbox',
      'bboxmd5',
      'steps',
      'stats',
    ]);
    assert.deepEqual(metadata.bbox, expected.bbox);
    assert.equal(metadata.bboxmd5, expected.md5);
    assertStatsClose(metadata.stats, expected.stats);
    // The sibling casagfed2004.json gave the title and units.
    assert.equal(metadata.title, 'Surface Carbon Flux');
    assert.deepEqual(metadata.units, { x: 'degrees', y: 'degrees', values: '&mu;mol/m&sup2;' });
  });

  it('with no options, takes the timestamp from the config and lists "NAME (8 records)"', async () => {
    await load(
      '-p',
      `${FIXTURES}casagfed2004.mat`,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'casa_plain',
    );
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'casa_plain' });
    assert.deepEqual(metadata?.dates, ['2012-12-22T03:00:00', '2012-12-23T00:00:00']);
    const listing = await runFluxManage(['db', '-l', 'collections', '-x'], { env: server.env });
    assert.match(listing.stdout, /^casa_plain \(8 records\)$/m);
  });

  it('-o "title=MyData;timestamp=2010-10-10T00:00:00" sets the title and the first date', async () => {
    await load(
      '-p',
      `${FIXTURES}casagfed2004.mat`,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'casa_o',
      '-o',
      'title=MyData;timestamp=2010-10-10T00:00:00',
    );
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'casa_o' });
    assert.equal(metadata?.title, 'MyData');
    assert.equal((metadata?.dates as string[])[0], '2010-10-10T00:00:00');
  });

  it('kriged_xco2.mat with timestamp 2009-06-15: one Grid3D document with its span', async () => {
    await load(
      '-p',
      `${FIXTURES}kriged_xco2.mat`,
      '-m',
      'KrigedXCO2Matrix',
      '-n',
      'kriged',
      '-o',
      'timestamp=2009-06-15',
    );
    const raw = await rawColumns('kriged_xco2.mat', 'krigedData');
    const expected = await python<{
      coords: Pair[];
      values: Array<number | null>;
      errors: Array<number | null>;
      stats: object;
      md5: string;
    }>(
      `${PYTHON_STATS}
import hashlib
y, x, values, errors = data[0], data[1], data[2], data[3]
x = [float('%.5f' % v) for v in x]
y = [float('%.5f' % v) for v in y]
values = [None if v is None else round(float('%.2f' % v), 1) for v in values]
def err(v):
    if v is None or v < 0: return None
    return round(float('%.4f' % math.sqrt(v)), 1)
errors = [err(v) for v in errors]
bbox = (min(x), min(y), max(x), max(y))
emit({'coords': [[a, b] for a, b in zip(x, y)], 'values': values, 'errors': errors,
      'md5': hashlib.md5(str(bbox).encode()).hexdigest(),
      'stats': {'values': stats(values), 'errors': stats(errors)}})`,
      raw,
    );
    const documents = await server.db.collection<{ _id: Date }>('kriged').find({}).toArray();
    assert.equal(documents.length, 1);
    const document = documents[0] as Record<string, unknown>;
    assert.deepEqual(document._id, new Date('2009-06-15T00:00:00Z'));
    assert.equal(document._span, 518400);
    assert.equal((document.values as unknown[]).length, 14210);
    assert.deepEqual(
      (document.values as Array<number | null>).map(unsignedZero),
      expected.values.map(unsignedZero),
    );
    assert.deepEqual(
      (document.errors as Array<number | null>).map(unsignedZero),
      expected.errors.map(unsignedZero),
    );
    assert.deepEqual(Object.keys(document), ['_id', '_span', 'values', 'errors']);
    assert.deepEqual(await coordIndex('kriged'), expected.coords);
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'kriged' });
    assert.ok(metadata);
    assert.deepEqual(metadata.dates, ['2009-06-15T00:00:00']);
    assert.deepEqual(metadata.spans, [518400]);
    assert.equal(metadata.title, 'Kriged XCO2 Test');
    assert.equal(metadata.bboxmd5, expected.md5);
    assert.deepEqual(Object.keys(metadata.stats as object), ['values', 'errors']);
    assertStatsClose(metadata.stats, expected.stats);
  });

  it('xco2.mat with timestamp 2009-06-15: 1311 observations, one of 386.79 on 2009-06-16', async () => {
    await load(
      '-p',
      `${FIXTURES}xco2.mat`,
      '-m',
      'XCO2Matrix',
      '-n',
      'xco2',
      '-o',
      'timestamp=2009-06-15',
    );
    const raw = await rawColumns('xco2.mat', 'XCO2');
    const expected = await python<{
      rows: Array<[string, number, number, number | null, number | null]>;
      dates: string[];
      stats: object;
    }>(
      `${PYTHON_STATS}
import datetime
x, y, value, day, year, error = data
rows, dates = [], set()
for i in range(len(x)):
    t = datetime.datetime(int(year[i]), 1, 1) + datetime.timedelta(days=int(day[i]))
    dates.add(t.strftime('%Y-%m-%dT%H:%M:%S'))
    rows.append([t.strftime('%Y-%m-%dT%H:%M:%S'), float('%.5f' % x[i]), float('%.5f' % y[i]),
                 float('%.2f' % value[i]), float('%.4f' % error[i])])
emit({'rows': sorted(rows), 'dates': sorted(dates, reverse=True),
      'stats': {'value': stats([r[3] for r in rows]), 'error': stats([r[4] for r in rows])}})`,
      raw,
    );
    const documents = await server.db
      .collection<{
        timestamp: Date;
        coordinates: Pair;
        properties: { value: number; error: number };
      }>('xco2')
      .find({})
      .toArray();
    assert.equal(documents.length, 1311);
    const rows = documents
      .map((d) => [
        d.timestamp.toISOString().slice(0, 19),
        d.coordinates[0],
        d.coordinates[1],
        d.properties.value,
        d.properties.error,
      ])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    const sortedExpected = [...expected.rows].sort((a, b) =>
      JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
    );
    assert.deepEqual(rows, sortedExpected);
    assert.ok(
      documents.some(
        (d) => d.timestamp.getTime() === Date.UTC(2009, 5, 16) && d.properties.value === 386.79,
      ),
      'an observation at 2009-06-16T00:00:00Z has properties.value 386.79',
    );
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'xco2' });
    assert.ok(metadata);
    assert.deepEqual(metadata.dates, expected.dates);
    assert.equal(metadata.gridded, false);
    assert.equal(metadata.title, 'Bias-Corrected XCO2 Retrievals');
    assert.ok(!('steps' in metadata) && !('spans' in metadata));
    assertStatsClose(metadata.stats, expected.stats);
  });
});

function unsignedZero(value: number | null): number | null {
  return value === 0 ? 0 : value;
}

function document_(value: object): Record<string, unknown> {
  return value as Record<string, unknown>;
}
