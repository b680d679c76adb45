import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { connect } from '#adapters/mongo/connect.js';
import { useTestDatabase } from '#test/support/server.js';

const server = useTestDatabase('roundtrip');

describe('documents through the real server', () => {
  it('stores and returns time-step documents: a Date _id and an array of doubles and nulls', async () => {
    const step = {
      _id: new Date(Date.UTC(2004, 5, 30, 3)),
      values: [0.08, -1.25, null, 3e-5, 1e300, -7],
    };
    await server.db.collection<{ _id: Date }>('casa').insertOne(step);
    const back = await server.db.collection<{ _id: Date }>('casa').findOne({ _id: step._id });
    assert.deepEqual(back, step);
  });

  it('nested arrays: FerretDB v1 refuses them, MongoDB stores them (see docs/ferretdb.md)', async () => {
    const info = await server.db.admin().command({ buildInfo: 1 });
    const coords = {
      _id: 'casa',
      i: [
        [-166.5, 10.5],
        [-165.5, 61.5],
      ],
    };
    const insert = server.db.collection<{ _id: string }>('nested').insertOne(coords);
    if (String(info.ferretdbVersion ?? '').startsWith('v1.')) {
      await assert.rejects(insert, /nested arrays are not supported/);
    } else {
      await insert;
      assert.deepEqual(
        await server.db.collection<{ _id: string }>('nested').findOne({ _id: 'casa' }),
        coords,
      );
    }
  });

  it('inserts a batch of documents of about 0.5 MB each', async () => {
    const values = Array.from({ length: 64_800 }, (_, i) => Math.round(i * 7.3) / 100);
    const docs = Array.from({ length: 4 }, (_, k) => ({
      _id: new Date(Date.UTC(2010, 0, 1, 3 * k)),
      values,
    }));
    const result = await server.db.collection<{ _id: Date }>('global').insertMany(docs);
    assert.equal(result.insertedCount, 4);
    const back = await server.db
      .collection<{ _id: Date; values: number[] }>('global')
      .findOne({ _id: docs[3]?._id });
    assert.equal(back?.values.length, 64_800);
    assert.equal(back?.values[64_799], Math.round(64_799 * 7.3) / 100);
  });

  it('lists collection names and counts records through the store', async () => {
    const connection = await connect(server.uri, server.dbName);
    try {
      const store = new MongoStore(connection.db);
      await server.db.collection('counted').insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
      const names = await store.collectionNames();
      for (const name of ['casa', 'global', 'counted']) assert.ok(names.includes(name), name);
      assert.equal(await store.recordCount('counted'), 3);
      assert.equal(await store.recordCount('global'), 4);
    } finally {
      await connection.close();
    }
  });
});
