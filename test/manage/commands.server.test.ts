import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { loadSmallDataset } from '#test/support/datasets.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('manage');
const temp = useTempDir('manage');
const cli = (...args: string[]) => runFluxManage(args, { env: server.env });

describe('db, remove and rename', () => {
  before(async () => {
    for (const name of ['alpha', 'beta', 'gamma'])
      await loadSmallDataset(server, temp.path, name, name === 'beta' ? 2 : 4);
    await server.db.collection('_geom_gamma').insertOne({ cached: true });
  });

  it('db -l collections -x: datasets only, with counts in the original words', async () => {
    const result = await cli('db', '-l', 'collections', '-x');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'alpha (4 records)',
      'beta (2 records)',
      'gamma (4 records)',
    ]);
    const json = JSON.parse((await cli('db', '-l', 'collections', '--json')).stdout);
    assert.deepEqual(json, [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }]);
  });

  it('db -l metadata and db -l coord_index list the entries', async () => {
    assert.deepEqual((await cli('db', '-l', 'metadata')).stdout.trim().split('\n'), [
      'alpha',
      'beta',
      'gamma',
    ]);
    assert.deepEqual(JSON.parse((await cli('db', '-l', 'coord_index', '--json')).stdout), [
      'alpha',
      'beta',
      'gamma',
    ]);
  });

  it('db -n NAME shows the metadata document, readable and as JSON', async () => {
    const human = await cli('db', '-n', 'beta');
    assert.equal(human.code, 0);
    assert.match(human.stdout, /"title": "Small"/);
    const metadata = JSON.parse((await cli('db', '-n', 'beta', '--json')).stdout) as Record<
      string,
      unknown
    >;
    assert.equal(metadata._id, 'beta');
    assert.deepEqual(metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T03:00:00']);
    const missing = await cli('db', '-n', 'nope');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Metadata for collection ID "nope" not found\./);
  });

  it('db -a on a clean database: the original words', async () => {
    const result = await cli('db', '-a');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Database audit complete\.\nNo inconsistencies found!/);
    assert.deepEqual(JSON.parse((await cli('db', '-a', '--json')).stdout), {
      clean: true,
      findings: [],
      datesUnchecked: [],
    });
  });

  it('rename moves data, metadata, coord_index and the geometry cache together', async () => {
    const before = await server.db.collection('gamma').find({}).sort({ _id: 1 }).toArray();
    const result = await cli('rename', '-n', 'gamma', '-r', 'delta');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Renaming collection ID "gamma" to "delta"\.\.\.\nComplete\./);
    const names = (await server.db.listCollections().toArray()).map((c) => c.name);
    assert.ok(names.includes('delta') && !names.includes('gamma'));
    assert.ok(names.includes('_geom_delta') && !names.includes('_geom_gamma'));
    assert.deepEqual(
      await server.db.collection('delta').find({}).sort({ _id: 1 }).toArray(),
      before,
    );
    const metadata = await server.db
      .collection<{ _id: string; [key: string]: unknown }>('metadata')
      .findOne({ _id: 'delta' });
    assert.equal(metadata?.title, 'Small');
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'gamma' as never }),
      0,
    );
    assert.equal(
      await server.db.collection('coord_index').countDocuments({ _id: 'delta' as never }),
      1,
    );
    assert.equal(
      await server.db.collection('coord_index').countDocuments({ _id: 'gamma' as never }),
      0,
    );
  });

  it('rename refuses an existing, reserved or invalid target, and an unknown source', async () => {
    const existing = await cli('rename', '-n', 'alpha', '-r', 'beta');
    assert.equal(existing.code, 1);
    assert.match(existing.stderr, /"beta" already exists \(data, metadata, coordIndex\)/);
    assert.match(
      (await cli('rename', '-n', 'alpha', '-r', 'metadata')).stderr,
      /invalid new dataset name "metadata": .*reserved/,
    );
    assert.match(
      (await cli('rename', '-n', 'alpha', '-r', 'a$b')).stderr,
      /invalid new dataset name "a\$b"/,
    );
    assert.match(
      (await cli('rename', '-n', 'nothere', '-r', 'x')).stderr,
      /Collection ID "nothere" does not exist/,
    );
    assert.deepEqual((await cli('db', '-l', 'collections')).stdout.trim().split('\n'), [
      'alpha',
      'beta',
      'delta',
    ]);
  });

  it('remove drops the dataset and everything that belongs to it', async () => {
    const result = await cli('remove', '-n', 'delta');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Collection ID "delta" successfully removed from database!/);
    const names = (await server.db.listCollections().toArray()).map((c) => c.name);
    assert.ok(!names.includes('delta') && !names.includes('_geom_delta'));
    assert.equal(
      await server.db.collection('metadata').countDocuments({ _id: 'delta' as never }),
      0,
    );
    assert.equal(
      await server.db.collection('coord_index').countDocuments({ _id: 'delta' as never }),
      0,
    );
  });

  it('remove of an unknown name lists the datasets and exits 1', async () => {
    const result = await cli('remove', '-n', 'nothere');
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /Collection ID "nothere" does not exist\. Existing collections include: alpha, beta/,
    );
  });

  it('remove without a terminal does not ask (scripts keep working as with manage.py); --json says what went', async () => {
    const result = await cli('remove', '-n', 'alpha', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      dataset: 'alpha',
      removed: { data: true, metadata: true, coordIndex: true, geometry: false },
    });
  });
});
