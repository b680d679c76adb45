import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BSON } from 'mongodb';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { JOURNAL_COLLECTION } from '#core/journal.js';
import { markDoubles } from '#core/numbers/doubles.js';
import type { JournalEntry } from '#core/store.js';
import { useTestDatabase } from '#test/support/server.js';
import { describeStoreBehaviour } from './behaviour.js';

const server = useTestDatabase('storebehaviour');

describeStoreBehaviour('MongoStore on the test server', async () => {
  await server.db.dropDatabase();
  return new MongoStore(server.db);
});

it('a takeover writes the metadata it saves for undo with its number types, as a claim does', async () => {
  await server.db.dropDatabase();
  const store = new MongoStore(server.db);
  const saved = markDoubles({ _id: 'casa', grid: { x: 1, y: 2 }, steps: [10800] }, ['grid.x']);
  const entry = (token: string): JournalEntry => ({
    _id: 'casa',
    op: 'remove',
    token,
    state: 'writing',
    pid: 4242,
    host: 'ops-1',
    startedAt: new Date(0),
    heartbeat: new Date(0),
    previousMetadata: saved,
  });
  await store.claim(entry('t1'));
  assert.equal(await store.takeOver('t1', entry('t2')), true);
  const raw = await server.db
    .collection(JOURNAL_COLLECTION)
    .findOne({ _id: 'casa' as never }, { promoteValues: false });
  const grid = (raw?.previousMetadata as { grid: { x: unknown; y: unknown } }).grid;
  assert.equal(raw?.token, 't2');
  assert.ok(grid.x instanceof BSON.Double, 'grid.x, marked a double, is stored as one');
  assert.ok(grid.y instanceof BSON.Int32, 'grid.y stays an integer');
});
