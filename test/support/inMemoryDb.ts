import { BSON, type Db, type Document } from 'mongodb';

/** One operation the store sent, and whether it ran inside the open transaction. */
export interface RecordedOperation {
  operation: string;
  collection: string;
  inTransaction: boolean;
}

interface FindOptions {
  session?: unknown;
  projection?: Document;
  promoteValues?: boolean;
}

/**
 * The part of the driver's Db that MongoStore's entry operations use (findOne, insertOne,
 * replaceOne and deleteOne by `_id`; sessions with transactions; buildInfo and hello), kept in
 * memory as a MongoDB replica set would keep it: each document stored as the BSON bytes the
 * driver would send, so what is read back has exactly the types that were written. It stands
 * in for MongoDB where no server here accepts what MongoDB gets (transactions, nested arrays
 * on FerretDB v1).
 */
export class InMemoryDb {
  readonly operations: RecordedOperation[] = [];
  private collections = new Map<string, Map<string, Uint8Array>>();
  private transaction: { session: object; saved: Map<string, Map<string, Uint8Array>> } | null =
    null;

  /** The bytes stored for one document, read back with every number's BSON type. */
  stored(collection: string, id: string): Document | null {
    const bytes = this.collections.get(collection)?.get(id);
    return bytes ? BSON.deserialize(bytes, { promoteValues: false }) : null;
  }

  ids(collection: string): string[] {
    return [...(this.collections.get(collection)?.keys() ?? [])].sort();
  }

  asDb(): Db {
    return this as unknown as Db;
  }

  admin() {
    return {
      command: (command: Document): Promise<Document> =>
        Promise.resolve(
          'buildInfo' in command ? { version: '7.0.14', ok: 1 } : { setName: 'rs0', ok: 1 },
        ),
    };
  }

  get client() {
    return {
      startSession: () => {
        const session = {
          withTransaction: async (work: () => Promise<unknown>) => {
            this.transaction = { session, saved: this.copy() };
            try {
              await work();
            } catch (error) {
              this.collections = this.transaction.saved;
              throw error;
            } finally {
              this.transaction = null;
            }
          },
          endSession: () => Promise.resolve(),
        };
        return session;
      },
    };
  }

  collection(name: string) {
    const documents = () => {
      let found = this.collections.get(name);
      if (!found) this.collections.set(name, (found = new Map()));
      return found;
    };
    const record = (operation: string, options?: FindOptions) =>
      this.operations.push({
        operation,
        collection: name,
        inTransaction: this.transaction !== null && options?.session === this.transaction.session,
      });
    const idOf = (filter: Document) => {
      if (typeof filter._id !== 'string' || Object.keys(filter).length !== 1)
        throw new Error(`InMemoryDb: only {_id: string} filters, not ${JSON.stringify(filter)}`);
      return filter._id;
    };
    return {
      findOne: (filter: Document, options: FindOptions = {}) => {
        record('findOne', options);
        const bytes = documents().get(idOf(filter));
        if (!bytes) return Promise.resolve(null);
        const document = BSON.deserialize(bytes, { promoteValues: options.promoteValues ?? true });
        if (options.projection)
          for (const key of Object.keys(document))
            if (key !== '_id' && !options.projection[key]) delete document[key];
        return Promise.resolve(document);
      },
      insertOne: (document: Document, options?: FindOptions) => {
        record('insertOne', options);
        const id = idOf({ _id: document._id });
        if (documents().has(id)) throw new Error(`InMemoryDb: duplicate key ${id} in ${name}`);
        documents().set(id, BSON.serialize(document));
        return Promise.resolve({ acknowledged: true, insertedId: id });
      },
      replaceOne: (filter: Document, document: Document, options?: FindOptions) => {
        record('replaceOne', options);
        documents().set(idOf(filter), BSON.serialize({ ...document, _id: idOf(filter) }));
        return Promise.resolve({ acknowledged: true });
      },
      deleteOne: (filter: Document, options?: FindOptions) => {
        record('deleteOne', options);
        const deletedCount = documents().delete(idOf(filter)) ? 1 : 0;
        return Promise.resolve({ acknowledged: true, deletedCount });
      },
    };
  }

  private copy() {
    return new Map([...this.collections].map(([name, documents]) => [name, new Map(documents)]));
  }
}
