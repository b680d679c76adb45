import {
  MongoServerError,
  type ClientSession,
  type Collection,
  type Db,
  type Document,
  type Filter,
} from 'mongodb';
import { describeError, FluxError } from '#core/errors.js';
import { JOURNAL_COLLECTION, JournalConflictError } from '#core/journal.js';
import type { DataDocument, TimeKey } from '#core/mediators/types.js';
import type { Coordinates } from '#core/models/inputs.js';
import { COORD_INDEX, METADATA } from '#core/names.js';
import type { DatasetStore, JournalEntry, ServerInfo } from '#core/store.js';
import { mapConcurrent } from '#core/util/concurrency.js';

const DUPLICATE_KEY = 11000;
/** Parallel single-_id lookups: FerretDB pushes `_id` equality down to SQLite but scans for $in. */
const LOOKUP_CONCURRENCY = 8;

type Keyed = { _id: string } & Document;

/**
 * A dataset's coord_index entry: `i` as [[x, y], ...] (SPEC 4), or as [{x, y}, ...] on a
 * server that refuses nested arrays (FerretDB v1, docs/ferretdb.md).
 */
export function coordIndexDocument(
  name: string,
  coordinates: Coordinates,
  nestedArrays: boolean,
): { _id: string; i: Coordinates | { x: number; y: number }[] } {
  return { _id: name, i: nestedArrays ? coordinates : coordinates.map(([x, y]) => ({ x, y })) };
}

export class MongoStore implements DatasetStore {
  private info?: Promise<ServerInfo>;

  constructor(private readonly db: Db) {}

  /** Resolves when the server answers. */
  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  serverInfo(): Promise<ServerInfo> {
    this.info ??= this.db
      .admin()
      .command({ buildInfo: 1 })
      .then((build) => {
        const ferret =
          typeof build.ferretdbVersion === 'string' ? build.ferretdbVersion : undefined;
        return {
          version: String(build.version ?? 'unknown'),
          engine: ferret ? 'ferretdb' : 'mongodb',
          ...(ferret ? { engineVersion: ferret } : {}),
          nestedArrays: !ferret?.startsWith('v1.'),
        } satisfies ServerInfo;
      })
      .catch((error: unknown) => {
        this.info = undefined; // asked again once the server answers
        throw error;
      });
    return this.info;
  }

  async collectionNames(): Promise<string[]> {
    const infos = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return infos.filter((info) => info.type !== 'view').map((info) => info.name);
  }

  async collectionExists(name: string): Promise<boolean> {
    return (await this.db.listCollections({ name }, { nameOnly: true }).toArray()).length > 0;
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

  private keyed(name: string): Collection<Keyed> {
    return this.db.collection<Keyed>(name);
  }

  async readMetadata(name: string): Promise<Record<string, unknown> | null> {
    return this.keyed(METADATA).findOne({ _id: name });
  }

  async writeMetadata(document: Record<string, unknown>): Promise<void> {
    await this.keyed(METADATA).replaceOne({ _id: String(document._id) }, document as Keyed, {
      upsert: true,
    });
  }

  async deleteMetadata(name: string): Promise<void> {
    await this.keyed(METADATA).deleteOne({ _id: name });
  }

  async listMetadataIds(): Promise<string[]> {
    return (
      await this.keyed(METADATA)
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((doc) => String(doc._id));
  }

  async readCoordIndex(name: string): Promise<Coordinates | null> {
    const document = await this.keyed(COORD_INDEX).findOne({ _id: name });
    if (!document) return null;
    const items = (document as { i?: unknown }).i;
    if (!Array.isArray(items)) return [];
    return items.map((item: unknown) => {
      if (Array.isArray(item)) return [Number(item[0]), Number(item[1])];
      const point = item as { x?: unknown; y?: unknown };
      return [Number(point.x), Number(point.y)];
    });
  }

  /**
   * SPEC 4's shape is {_id, i: [[x, y], ...]}. FerretDB v1 refuses arrays inside arrays, so
   * there the same pairs go in as [{x, y}, ...] (docs/ferretdb.md); readCoordIndex reads both.
   */
  async writeCoordIndex(name: string, coordinates: Coordinates): Promise<void> {
    const document = coordIndexDocument(name, coordinates, (await this.serverInfo()).nestedArrays);
    await this.keyed(COORD_INDEX).replaceOne({ _id: name }, document, { upsert: true });
  }

  async deleteCoordIndex(name: string): Promise<void> {
    await this.keyed(COORD_INDEX).deleteOne({ _id: name });
  }

  async listCoordIndexIds(): Promise<string[]> {
    return (
      await this.keyed(COORD_INDEX)
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((doc) => String(doc._id));
  }

  async insertDocuments(collection: string, documents: DataDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.db.collection(collection).insertMany(documents, { ordered: true });
  }

  async existingTimes(collection: string, key: TimeKey, times: Date[]): Promise<Date[]> {
    if (key === 'none' || times.length === 0) return [];
    const target = this.db.collection<Document>(collection);
    if (key === '_id' && (await this.serverInfo()).engine === 'ferretdb') {
      const found = await mapConcurrent(times, LOOKUP_CONCURRENCY, (time) =>
        target.findOne({ _id: time } as Filter<Document>, { projection: { _id: 1 } }),
      );
      return times.filter((_, index) => found[index] !== null);
    }
    const present = await target.distinct(key, { [key]: { $in: times } });
    const seen = new Set(present.map((value) => (value instanceof Date ? value.getTime() : NaN)));
    return times.filter((time) => seen.has(time.getTime()));
  }

  async deleteTimes(collection: string, key: TimeKey, times: Date[]): Promise<number> {
    if (key === 'none' || times.length === 0) return 0;
    const target = this.db.collection<Document>(collection);
    if (key === '_id' && (await this.serverInfo()).engine === 'ferretdb') {
      const results = await mapConcurrent(times, LOOKUP_CONCURRENCY, (time) =>
        target.deleteOne({ _id: time } as Filter<Document>),
      );
      return results.reduce((total, result) => total + result.deletedCount, 0);
    }
    return (await target.deleteMany({ [key]: { $in: times } })).deletedCount;
  }

  async copyTimes(from: string, to: string, key: TimeKey, times: Date[]): Promise<number> {
    if (key === 'none' || times.length === 0) return 0;
    const source = this.db.collection<Document>(from);
    let copied = 0;
    for (const time of times) {
      const documents = await source.find({ [key]: time } as Filter<Document>).toArray();
      if (documents.length) await this.db.collection(to).insertMany(documents);
      copied += documents.length;
    }
    return copied;
  }

  async documentsAt(collection: string, key: TimeKey, time: Date): Promise<DataDocument[]> {
    if (key === 'none') return [];
    return this.db
      .collection<Document>(collection)
      .find({ [key]: time } as Filter<Document>)
      .toArray();
  }

  async sampleDocument(collection: string): Promise<DataDocument | null> {
    return this.db.collection(collection).findOne({});
  }

  async distinctValues(collection: string, field: string): Promise<unknown[]> {
    return this.db.collection(collection).distinct(field);
  }

  /**
   * Copies each entry to its new _id and deletes the old one (an _id cannot be changed in
   * place). On a replica set or sharded cluster both happen in one transaction; elsewhere the
   * rename journal makes the steps safe to repeat.
   */
  async moveEntries(from: string, to: string): Promise<{ transaction: boolean }> {
    const move = async (session?: ClientSession) => {
      for (const name of [METADATA, COORD_INDEX]) {
        const entries = this.keyed(name);
        const document = await entries.findOne({ _id: from }, { session });
        if (!document) continue;
        if (!(await entries.findOne({ _id: to }, { session, projection: { _id: 1 } }))) {
          await entries.insertOne({ ...document, _id: to }, { session });
        }
        await entries.deleteOne({ _id: from }, { session });
      }
    };
    if (await this.supportsTransactions()) {
      const session = this.db.client.startSession();
      try {
        await session.withTransaction(() => move(session));
        return { transaction: true };
      } finally {
        await session.endSession();
      }
    }
    await move();
    return { transaction: false };
  }

  private async supportsTransactions(): Promise<boolean> {
    if ((await this.serverInfo()).engine === 'ferretdb') return false;
    const hello = await this.db.admin().command({ hello: 1 });
    return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  }

  async *scanDocuments(collection: string, fields: string[]): AsyncIterable<DataDocument> {
    const projection = Object.fromEntries(fields.map((field) => [field, 1]));
    const cursor = this.db.collection(collection).find({}, { projection, batchSize: 16 });
    try {
      for await (const document of cursor) yield document;
    } finally {
      await cursor.close();
    }
  }

  async renameCollection(from: string, to: string): Promise<void> {
    await this.db.renameCollection(from, to, { dropTarget: false });
  }

  async dropCollection(name: string): Promise<boolean> {
    try {
      return await this.db.collection(name).drop();
    } catch (error) {
      if (
        error instanceof MongoServerError &&
        (error.code === 26 || /ns not found/i.test(error.message))
      )
        return false;
      throw error;
    }
  }

  private journal(): Collection<JournalEntry> {
    return this.db.collection<JournalEntry>(JOURNAL_COLLECTION);
  }

  async claim(entry: JournalEntry): Promise<void> {
    try {
      await this.journal().insertOne(entry);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
        const holder = await this.readClaim(entry._id);
        if (holder) throw new JournalConflictError(holder);
        return this.claim(entry); // released in between: try again
      }
      throw error;
    }
  }

  async takeOver(staleToken: string, entry: JournalEntry): Promise<boolean> {
    const result = await this.journal().replaceOne({ _id: entry._id, token: staleToken }, entry);
    return result.modifiedCount === 1;
  }

  async updateClaim(name: string, token: string, patch: Partial<JournalEntry>): Promise<void> {
    const result = await this.journal().updateOne({ _id: name, token }, { $set: patch });
    if (result.matchedCount !== 1) {
      throw new FluxError(
        'conflict',
        `the lock on dataset "${name}" was taken over by another run; stopping`,
      );
    }
  }

  async release(name: string, token: string): Promise<void> {
    await this.journal().deleteOne({ _id: name, token });
  }

  async readClaim(name: string): Promise<JournalEntry | null> {
    return this.journal().findOne({ _id: name });
  }

  async listClaims(): Promise<JournalEntry[]> {
    return this.journal().find({}).toArray();
  }
}

/** A driver error as one line, for operations that must say which step failed. */
export function storeError(step: string, error: unknown): FluxError {
  return error instanceof FluxError
    ? error
    : new FluxError('data', `${step} failed: ${describeError(error)}`);
}
