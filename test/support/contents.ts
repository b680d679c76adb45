import type { Db } from 'mongodb';

/**
 * What a dataset is, for "stores exactly what an uninterrupted run stores": its documents
 * (sorted, without the server-made ObjectIds of observations), its metadata and coord_index
 * entries (their _id aside, so datasets of different names compare).
 */
export async function datasetContents(db: Db, name: string) {
  const documents = await db.collection(name).find({}).toArray();
  const comparable = documents
    .map((document) => {
      const { _id, ...rest } = document;
      return JSON.stringify(
        _id instanceof Date || typeof _id === 'number' ? { _id, ...rest } : rest,
      );
    })
    .sort();
  const metadata = await db.collection<{ _id: string }>('metadata').findOne({ _id: name });
  const coordinates = await db.collection<{ _id: string }>('coord_index').findOne({ _id: name });
  return {
    documents: comparable,
    metadata: metadata && { ...metadata, _id: null },
    coordinates: coordinates && { ...coordinates, _id: null },
  };
}
