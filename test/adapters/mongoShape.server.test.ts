import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BSON, MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import type { Coordinates } from '#core/models/inputs.js';
import { COORD_INDEX, METADATA, SUMMARY_STATS } from '#core/names.js';
import { markDoubles } from '#core/numbers/doubles.js';
import type { ServerInfo } from '#core/store.js';
import { InMemoryDb } from '#test/support/inMemoryDb.js';
import { useTestDatabase } from '#test/support/server.js';

/**
 * SPEC 4's coord_index form `[[x, y], ...]` and the transaction of a rename's entry moves are
 * what MongoDB gets, and the embedded FerretDB v1 accepts neither: these tests run them on
 * every run, against an in-memory MongoDB replica set and as the bytes the driver sends.
 */

// Whole numbers among them: on the wire they must be doubles all the same.
const coordinates: Coordinates = [
  [-179.5, -89.5],
  [1, 2],
  [0, 45],
];

function assertPairsOfDoubles(stored: unknown, expected: Coordinates) {
  assert.ok(Array.isArray(stored), 'i is an array');
  assert.equal(stored.length, expected.length);
  stored.forEach((pair: unknown, k) => {
    assert.ok(Array.isArray(pair) && pair.length === 2, `i[${k}] is an [x, y] array`);
    pair.forEach((value: unknown, axis) => {
      assert.ok(value instanceof BSON.Double, `i[${k}][${axis}] is a BSON double`);
      assert.equal(value.value, expected[k]![axis]);
    });
  });
}

describe('documents as MongoDB gets them', () => {
  it('coord_index is {_id, i: [[x, y], ...]} of doubles on MongoDB, and reads back', async () => {
    const memory = new InMemoryDb();
    const store = new MongoStore(memory.asDb());
    await store.writeCoordIndex('casa', coordinates);
    const stored = memory.stored(COORD_INDEX, 'casa');
    assert.deepEqual(Object.keys(stored ?? {}), ['_id', 'i']);
    assertPairsOfDoubles(stored?.i, coordinates);
    assert.deepEqual(await store.readCoordIndex('casa'), coordinates);
  });

  it('a rename moves metadata, coord_index and summary_stats in one transaction, types kept', async () => {
    const memory = new InMemoryDb();
    const store = new MongoStore(memory.asDb());
    const metadata = markDoubles(
      { _id: 'casa', gridded: true, grid: { units: 'degrees', x: 1, y: 1 }, spans: [10800] },
      ['grid.x', 'grid.y'],
    );
    await store.writeMetadata(metadata);
    await store.writeCoordIndex('casa', coordinates);
    await memory
      .collection(SUMMARY_STATS)
      .insertOne({ _id: 'casa', values: { mean: 0.5, max: 387 } });
    const before = [METADATA, COORD_INDEX, SUMMARY_STATS].map((name) =>
      memory.stored(name, 'casa'),
    );
    memory.operations.length = 0;

    assert.deepEqual(await store.moveEntries('casa', 'casa_2004'), { transaction: true });

    // Each collection: read the entry, look for the new name, insert it, delete the old one.
    assert.equal(memory.operations.length, 12, JSON.stringify(memory.operations));
    assert.ok(
      memory.operations.every((operation) => operation.inTransaction),
      'every step ran in the transaction',
    );
    [METADATA, COORD_INDEX, SUMMARY_STATS].forEach((name, k) => {
      assert.deepEqual(memory.ids(name), ['casa_2004'], name);
      const moved = memory.stored(name, 'casa_2004');
      // Byte for byte what was stored under the old name, but the _id.
      assert.deepEqual(
        Buffer.from(BSON.serialize({ ...moved, _id: 'casa' })),
        Buffer.from(BSON.serialize(before[k] ?? {})),
        name,
      );
    });
    const grid = memory.stored(METADATA, 'casa_2004')?.grid as Document;
    assert.ok(grid.x instanceof BSON.Double && grid.y instanceof BSON.Double, 'grid.x is 1.0');
    const spans = memory.stored(METADATA, 'casa_2004')?.spans as unknown[];
    assert.ok(spans[0] instanceof BSON.Int32, 'spans stay integers');
    assertPairsOfDoubles(memory.stored(COORD_INDEX, 'casa_2004')?.i, coordinates);
  });

  describe('on the test server, the bytes the driver sends', () => {
    const server = useTestDatabase('mongoshape');

    /** The store as it runs against MongoDB: nested arrays allowed, whatever the server. */
    class AsAgainstMongoDb extends MongoStore {
      override async serverInfo(): Promise<ServerInfo> {
        return { ...(await super.serverInfo()), nestedArrays: true };
      }
    }

    it('the coord_index update carries [[x, y], ...] of doubles', async () => {
      const client = new MongoClient(server.uri, { monitorCommands: true });
      const sent: CommandStartedEvent[] = [];
      client.on('commandStarted', (event) => sent.push(event));
      await client.connect();
      try {
        const store = new AsAgainstMongoDb(client.db(server.dbName));
        const outcome = await store.writeCoordIndex('casa', coordinates).then(
          () => 'stored',
          (error: unknown) => String(error),
        );
        const update = sent.find((event) => event.commandName === 'update');
        assert.ok(update, 'an update command was sent');
        // Serialised as the driver serialises it, then read back with the types on the wire.
        const wire = BSON.deserialize(BSON.serialize(update.command), { promoteValues: false });
        const [statement] = wire.updates as Document[];
        assert.equal(wire.update, COORD_INDEX);
        assert.deepEqual(statement?.q, { _id: 'casa' });
        assert.equal(statement?.upsert, true);
        assertPairsOfDoubles((statement?.u as Document).i, coordinates);
        // MongoDB (and FerretDB v2) store it; FerretDB v1 refuses nested arrays by design.
        if (outcome === 'stored') {
          assert.deepEqual(await store.readCoordIndex('casa'), coordinates);
        } else {
          assert.match(outcome, /nested arrays are not supported/);
        }
      } finally {
        await client.close();
      }
    });
  });
});
