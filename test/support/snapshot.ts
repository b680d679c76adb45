import type { Db } from 'mongodb';

/**
 * Everything in a database, for "the database is exactly as it was" assertions: every
 * collection's name and documents (sorted, so that storage order does not matter).
 */
export async function snapshotDatabase(db: Db): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of collections) {
    const documents = await db.collection(name).find({}).toArray();
    snapshot[name] = documents.map((document) => JSON.stringify(document)).sort();
  }
  return snapshot;
}
