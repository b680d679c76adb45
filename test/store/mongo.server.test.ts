import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { useTestDatabase } from '#test/support/server.js';
import { describeStoreBehaviour } from './behaviour.js';

const server = useTestDatabase('storebehaviour');

describeStoreBehaviour('MongoStore on the test server', async () => {
  await server.db.dropDatabase();
  return new MongoStore(server.db);
});
