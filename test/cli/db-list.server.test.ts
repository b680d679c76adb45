import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { useTestDatabase } from '#test/support/server.js';

const server = useTestDatabase('dblist');

describe('db -l collections', () => {
  before(async () => {
    await server.db
      .collection('casa_gfed')
      .insertMany(Array.from({ length: 8 }, (_, i) => ({ _id: i })) as never[]);
    await server.db.collection('xco2').insertMany(Array.from({ length: 3 }, (_, i) => ({ v: i })));
    await server.db.collection('metadata').insertOne({ _id: 'casa_gfed' } as never);
    await server.db.collection('coord_index').insertOne({ _id: 'casa_gfed' } as never);
    await server.db.collection('summary_stats').insertOne({ a: 1 });
    await server.db.collection('_geom_casa_gfed').insertOne({ a: 1 });
    await server.db.collection('_fluxmanage_journal').insertOne({ a: 1 });
  });

  it('lists only datasets, with the original words for counts', async () => {
    const result = await runFluxManage(['db', '-l', 'collections', '-x'], { env: server.env });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'casa_gfed (8 records)',
      'xco2 (3 records)',
    ]);
  });

  it('lists names alone without -x, and as JSON with --json', async () => {
    const plain = await runFluxManage(['db', '-l', 'collections'], { env: server.env });
    assert.deepEqual(plain.stdout.trim().split('\n'), ['casa_gfed', 'xco2']);
    const json = await runFluxManage(['db', '-l', 'collections', '-x', '--json'], {
      env: server.env,
    });
    assert.deepEqual(JSON.parse(json.stdout), [
      { name: 'casa_gfed', records: 8 },
      { name: 'xco2', records: 3 },
    ]);
  });

  it('accepts --uri and --db before the command', async () => {
    const result = await runFluxManage(
      ['--uri', server.uri, '--db', server.dbName, 'db', '-l', 'collections'],
      {
        env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:1/', FLUX_DB: 'elsewhere' },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['casa_gfed', 'xco2']);
  });
});
