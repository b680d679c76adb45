import type { Db } from 'mongodb';
import type { DatasetStore } from '#core/store.js';

export class MongoStore implements DatasetStore {
  constructor(private readonly db: Db) {}

  async collectionNames(): Promise<string[]> {
    const infos = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return infos.filter((info) => info.type !== 'view').map((info) => info.name);
  }

  /**
   * `$collStats` reads the count the server keeps: FerretDB answers `count` and
   * estimatedDocumentCount by scanning every document (seconds for a few large ones), but this
   * in milliseconds. A sharded collection answers once per shard, hence the sum.
   */
  async recordCount(collection: string): Promise<number> {
    try {
      const shards = await this.db
        .collection(collection)
        .aggregate<{ count?: number }>([{ $collStats: { count: {} } }])
        .toArray();
      if (shards.length > 0 && shards.every((shard) => typeof shard.count === 'number')) {
        return shards.reduce((total, shard) => total + (shard.count ?? 0), 0);
      }
    } catch {
      // Servers or roles without $collStats fall through to the portable way.
    }
    return this.db.collection(collection).estimatedDocumentCount();
  }
}
