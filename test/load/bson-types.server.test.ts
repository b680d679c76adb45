import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { BSON, type Document } from 'mongodb';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { python } from '#test/support/python.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('bsontypes');
const temp = useTempDir('bsontypes');

/** Each number's BSON type, by path, as the server stores it. */
function numberTypes(value: unknown, path = '', out: Record<string, string> = {}) {
  if (value instanceof BSON.Double) out[path] = 'double';
  else if (value instanceof BSON.Int32) out[path] = 'int';
  else if (value instanceof BSON.Long) out[path] = 'long';
  else if (typeof value === 'number') out[path] = 'number?';
  else if (Array.isArray(value)) value.forEach((item, i) => numberTypes(item, `${path}.${i}`, out));
  else if (
    value &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !(value instanceof BSON.ObjectId)
  )
    for (const [key, item] of Object.entries(value))
      numberTypes(item, path ? `${path}.${key}` : key, out);
  return out;
}

const raw = (collection: string, filter: Document = {}) =>
  server.db.collection(collection).findOne(filter, { promoteValues: false });
/**
 * The types of a coord_index entry's numbers: BSON doubles, or, where the server takes no
 * nested arrays (FerretDB v1), doubles packed in one binary (16 bytes a pair).
 */
async function coordinateTypes(name: string): Promise<Set<string>> {
  const document = await raw('coord_index', { _id: name });
  const stored: unknown = document?.i;
  if (stored instanceof BSON.Binary)
    return new Set([stored.length() > 0 && stored.length() % 16 === 0 ? 'double' : 'not pairs']);
  return typesUnder(numberTypes(document), 'i');
}
const typesUnder = (types: Record<string, string>, prefix: string) =>
  new Set(
    Object.entries(types)
      .filter(([path]) => path.startsWith(prefix))
      .map(([, t]) => t),
  );

async function cli(...args: string[]) {
  const result = await runFluxManage(args, { env: server.env });
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
}

describe('every number has the BSON type the original tool gave it', () => {
  it('casagfed2004: values, coordinates, bbox and statistics are doubles, whole ones too', async () => {
    await cli(
      'load',
      '-p',
      `${FIXTURES}casagfed2004.mat`,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'casa',
      '-o',
      'timestamp=2004-06-30T00:00:00',
    );
    const step = numberTypes(await raw('casa'));
    assert.deepEqual(typesUnder(step, 'values'), new Set(['double']));
    // The fixture's fourth value is 0.0: a whole number, still a double.
    const first = await raw('casa', { _id: new Date('2004-06-30T00:00:00Z') });
    assert.equal((first?.values as BSON.Double[])[3]?.value, 0);
    assert.ok((first?.values as unknown[])[3] instanceof BSON.Double);
    assert.deepEqual(await coordinateTypes('casa'), new Set(['double']));
    const metadata = numberTypes(await raw('metadata', { _id: 'casa' }));
    assert.deepEqual(typesUnder(metadata, 'bbox'), new Set(['double']));
    assert.deepEqual(typesUnder(metadata, 'stats'), new Set(['double']));
    assert.equal(metadata['steps.0'], 'int');
    // The config writes "gridres": {"x": 1.0, "y": 1.0}; Python's json keeps them floats.
    const config = await fs.readFile(`${FIXTURES}casagfed2004.json`, 'utf8');
    const pythonTypes = await python<Record<string, string>>(
      'import json\ng = json.loads(data)["gridres"]\nemit({k: type(v).__name__ for k, v in g.items() if k != "units"})',
      config,
    );
    assert.deepEqual(pythonTypes, { x: 'float', y: 'float' });
    assert.equal(metadata['grid.x'], 'double');
    assert.equal(metadata['grid.y'], 'double');
  });

  it('kriged and XCO2: values, errors and observation properties are doubles; _span is an integer', async () => {
    await cli(
      'load',
      '-p',
      `${FIXTURES}kriged_xco2.mat`,
      '-m',
      'KrigedXCO2Matrix',
      '-n',
      'kriged',
      '-o',
      'timestamp=2009-06-15T00:00:00',
    );
    const kriged = numberTypes(await raw('kriged'));
    assert.deepEqual(typesUnder(kriged, 'values'), new Set(['double']));
    assert.deepEqual(typesUnder(kriged, 'errors'), new Set(['double']));
    assert.equal(kriged._span, 'int');
    const krigedMetadata = numberTypes(await raw('metadata', { _id: 'kriged' }));
    assert.equal(krigedMetadata['spans.0'], 'int');
    assert.equal(krigedMetadata['grid.x'], 'double', 'the default grid is 1.0, as in the original');

    await cli(
      'load',
      '-p',
      `${FIXTURES}xco2.mat`,
      '-m',
      'XCO2Matrix',
      '-n',
      'xco2',
      '-o',
      'timestamp=2009-06-15T00:00:00',
    );
    const observations = await server.db
      .collection('xco2')
      .find({}, { promoteValues: false })
      .toArray();
    const types = new Set(observations.flatMap((o) => Object.values(numberTypes(o))));
    assert.deepEqual(types, new Set(['double']));
    // A whole value (388.0 in the fixture) is one of them.
    assert.ok(
      observations.some(
        (o) => ((o.properties as { value: BSON.Double }).value.value ?? NaN) % 1 === 0,
      ),
      'the fixture has a whole-number value',
    );
  });

  it('config numbers keep the type they were written with, in a file and in -o', async () => {
    const file = temp.file('ints.mat');
    await fs.writeFile(
      file,
      writeMat5([
        {
          kind: 'numeric',
          name: 'm',
          class: 'double',
          dims: [2, 3],
          values: [0.5, 1.5, 10.5, 10.5, 1, 2],
        },
      ]),
    );
    await fs.writeFile(
      temp.file('ints.json'),
      JSON.stringify({
        gridres: { units: 'degrees', x: 1, y: 2 },
        timestamp: '2004-06-30T00:00:00',
      }),
    );
    await cli('load', '-p', file, '-m', 'SpatioTemporalMatrix', '-n', 'ints');
    const fromFile = numberTypes(await raw('metadata', { _id: 'ints' }));
    assert.deepEqual([fromFile['grid.x'], fromFile['grid.y']], ['int', 'int']);

    await cli(
      'load',
      '-p',
      file,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'mixed',
      '-o',
      "gridres={'units':'degrees','x':1,'y':2.0}",
    );
    const fromOverrides = numberTypes(await raw('metadata', { _id: 'mixed' }));
    assert.deepEqual([fromOverrides['grid.x'], fromOverrides['grid.y']], ['int', 'double']);
  });

  it('a rename and an append keep every type', async () => {
    await cli('rename', '-n', 'casa', '-r', 'casa_renamed');
    const renamed = numberTypes(await raw('metadata', { _id: 'casa_renamed' }));
    assert.equal(renamed['grid.x'], 'double');
    assert.deepEqual(typesUnder(renamed, 'stats'), new Set(['double']));
    assert.deepEqual(await coordinateTypes('casa_renamed'), new Set(['double']));
    await cli(
      'load',
      '-p',
      `${FIXTURES}casagfed2004.mat`,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'casa_renamed',
      '-o',
      'timestamp=2004-07-01T00:00:00',
    );
    const appended = numberTypes(await raw('metadata', { _id: 'casa_renamed' }));
    assert.equal(appended['grid.x'], 'double');
    assert.equal(appended['steps.0'], 'int');
    assert.deepEqual(typesUnder(appended, 'bbox'), new Set(['double']));
  });
});
