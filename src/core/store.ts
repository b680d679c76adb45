/**
 * What the engine needs from a database, and nothing more. src/adapters/mongo implements it
 * over the official driver; the core never sees a connection.
 */
export interface DatasetStore {
  /** Every collection name in the database, in no particular order. */
  collectionNames(): Promise<string[]>;
  /** A collection's record count, as cheaply as the server can tell it. */
  recordCount(collection: string): Promise<number>;
}
