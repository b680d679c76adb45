import type { DataDocument, TimeKey } from './mediators/types.js';
import type { Coordinates } from './models/inputs.js';
import type { DatasetMetadata } from './metadata.js';

/** What the server is, as far as the engine cares. */
export interface ServerInfo {
  /** MongoDB's version, or the one FerretDB claims to be. */
  version: string;
  engine: 'mongodb' | 'ferretdb';
  /** FerretDB's own version, when it is FerretDB. */
  engineVersion?: string;
  /** Whether arrays inside arrays can be stored (FerretDB v1 refuses them). */
  nestedArrays: boolean;
  /**
   * Whether a query on a time (a Date `_id`) is answered from an index. FerretDB v1 pushes only
   * string and ObjectId `_id` filters down to SQLite: any other filter reads the collection,
   * document by document, up to the match (docs/performance.md).
   */
  indexedTimes: boolean;
}

/**
 * flux-manage's record of an operation in progress on a dataset: the lock that keeps two
 * operations off one name, and what `db -a --fix` (or the next run) needs to finish or undo
 * an operation that was interrupted.
 */
export interface JournalEntry {
  /** The dataset the operation holds. */
  _id: string;
  op: 'load' | 'append' | 'rename-source' | 'rename-target' | 'remove';
  /** Unique per run: a takeover or release must name the run it means. */
  token: string;
  state: 'writing' | 'committing';
  pid: number;
  host: string;
  startedAt: Date;
  /** Refreshed while the operation runs; an old heartbeat means the run died. */
  heartbeat: Date;
  /** load: where the new dataset is built before it is renamed into place. */
  staging?: string;
  /** append with --replace: the documents replaced, kept until the append commits. */
  backup?: string;
  /** append with --replace: the times replaced, and whether all their documents are in `backup`. */
  replaced?: Date[];
  backedUp?: boolean;
  /** append: the times added (their documents are deleted to undo the append). */
  times?: Date[];
  timeKey?: TimeKey;
  /** append: the metadata before, restored to undo. */
  previousMetadata?: DatasetMetadata | null;
  /** committing: the metadata to write. */
  metadata?: DatasetMetadata;
  /** load/append: a fingerprint of the request, so a re-run can tell its own unfinished work. */
  request?: string;
  /** rename: the other name of the pair, and which steps are done. */
  partner?: string;
  steps?: string[];
}

/**
 * What exact statistics need, kept for the next append (one document per dataset in
 * `summary_stats`, a collection the original tool reserves and the web API never reads): each
 * parameter's distinct values and counts, and the dataset state it describes (its record
 * count and the dates and statistics its metadata was given), so that a sketch that no longer
 * describes the data is never used. Only a cache: the data stays the source of truth.
 */
export interface StatsSketch {
  _id: string;
  documents: number;
  dates: unknown;
  stats: unknown;
  parameters: Record<string, { values: Float64Array; counts: Float64Array }>;
  /** A grid's fingerprint (sha256 of its coordinates): an append of the same grid need not read coord_index. */
  grid?: string;
}

/**
 * What a sketch says of the dataset it was written for, without its histograms: the audit
 * reads these for every dataset at once. A sketch in another layout has only its `_id`.
 */
export type SketchState = Pick<StatsSketch, '_id'> &
  Partial<Pick<StatsSketch, 'documents' | 'dates'>>;

export interface ScanOptions {
  /**
   * Documents per round trip, for a reader that takes them one at a time (the preview): the
   * default sizes batches at a few MiB, for throughput.
   */
  batchDocuments?: number;
}

/** Some cells of a grid in one stored document: its `_id` (the time) and their values there. */
export interface CellValues {
  _id: unknown;
  /**
   * The number stored at each cell asked for, in the order asked; null where it is null,
   * missing, or not a number.
   */
  values: Array<number | null>;
}

/**
 * The values at `cells` of a document's array `field` (a grid's parameter), as `cellValues`
 * gives them: finite numbers, else null (null stored, a hole, no such element, no array).
 */
export function cellValuesOf(values: unknown, cells: readonly number[]): Array<number | null> {
  return cells.map((index) => {
    if (!Array.isArray(values) || !Number.isInteger(index) || index < 0) return null;
    const value: unknown = values[index];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
}

/**
 * The store is four small interfaces, composed (as mongosh composes its service provider):
 * each operation asks for the ones it uses, so a reader of its signature sees what it may
 * touch, and a test store need only implement those. `MongoStore` (adapters/mongo) and
 * `MemoryStore` (adapters/memory) implement all four with the same semantics, checked by one
 * behavioural suite (test/store/behaviour.ts).
 */

/** The server and its collections, by name. */
export interface CollectionStore {
  serverInfo(): Promise<ServerInfo>;
  /** Resolves when the server answers. */
  ping(): Promise<void>;
  /** Every collection name in the database, in no particular order. */
  collectionNames(): Promise<string[]>;
  collectionExists(name: string): Promise<boolean>;
  /** A collection's record count, as cheaply as the server can tell it. */
  recordCount(collection: string): Promise<number>;
  /** Fails if `to` exists. */
  renameCollection(from: string, to: string): Promise<void>;
  /** Drops a collection; one that does not exist is no error (servers differ in saying so). */
  dropCollection(name: string): Promise<void>;
}

/** The per-dataset entries: metadata and coord_index (what the web API reads), the sketch. */
export interface CatalogStore {
  readMetadata(name: string): Promise<DatasetMetadata | null>;
  /** Replaces (or creates) the metadata document whose _id is `document._id`. */
  writeMetadata(document: DatasetMetadata): Promise<void>;
  deleteMetadata(name: string): Promise<void>;
  listMetadataIds(): Promise<string[]>;

  /** The coord_index pairs, whichever way the server had to store them. */
  readCoordIndex(name: string): Promise<Coordinates | null>;
  /** Whether there is an entry, without reading it (a global grid's is a megabyte or more). */
  coordIndexExists(name: string): Promise<boolean>;
  writeCoordIndex(name: string, coordinates: Coordinates): Promise<void>;
  deleteCoordIndex(name: string): Promise<void>;
  listCoordIndexIds(): Promise<string[]>;

  readStatsSketch(name: string): Promise<StatsSketch | null>;
  writeStatsSketch(sketch: StatsSketch): Promise<void>;
  deleteStatsSketch(name: string): Promise<void>;
  /** Every sketch's state (not its histograms), in one pass. */
  listStatsSketches(): Promise<SketchState[]>;

  /** Moves a dataset's entries to another _id (in a transaction where the server has them). */
  moveEntries(from: string, to: string): Promise<{ transaction: boolean }>;
}

/** A dataset's documents. */
export interface DocumentStore {
  insertDocuments(collection: string, documents: DataDocument[]): Promise<void>;
  /** Which of these times already have documents. */
  existingTimes(collection: string, key: TimeKey, times: Date[]): Promise<Date[]>;
  deleteTimes(collection: string, key: TimeKey, times: Date[]): Promise<number>;
  /** Copies these times' documents, as stored; `onCopied` hears the running count. */
  copyTimes(
    from: string,
    to: string,
    key: TimeKey,
    times: Date[],
    onCopied?: (copied: number) => void,
  ): Promise<number>;
  /** The documents stored for one time (one for a grid, every observation of it otherwise). */
  documentsAt(collection: string, key: TimeKey, time: Date): Promise<DataDocument[]>;
  /** Any one document (for checking array lengths), or null when empty. */
  sampleDocument(collection: string): Promise<DataDocument | null>;
  /** Every document, with only the named fields (all fields when none are named). */
  scanDocuments(
    collection: string,
    fields: string[],
    options?: ScanOptions,
  ): AsyncIterable<DataDocument>;
  /**
   * Cells through time: the elements `cells` (indexes) of the array `field` of every document,
   * with the document's `_id`, in stored order, in one pass over the collection. Where the
   * server can (MongoDB) only those elements travel; elsewhere the documents are read and the
   * elements taken from them (FerretDB v1 cannot project an element). Either way the values
   * are checked here, never taken on the server's word. A negative or fractional index is
   * null everywhere.
   */
  cellValues(
    collection: string,
    field: string,
    cells: readonly number[],
    options?: ScanOptions,
  ): AsyncIterable<CellValues>;
}

/** The journal: who holds which dataset, and what an interrupted run left to finish or undo. */
export interface JournalStore {
  /** Takes the lock on entry._id; a JournalConflict if someone holds it. */
  claim(entry: JournalEntry): Promise<void>;
  /** Replaces a stale entry whose token is `staleToken` (a takeover); false if it changed meanwhile. */
  takeOver(staleToken: string, entry: JournalEntry): Promise<boolean>;
  updateClaim(name: string, token: string, patch: Partial<JournalEntry>): Promise<void>;
  /** Drops the entry; the journal itself goes with its last entry (nothing of ours at rest). */
  release(name: string, token: string): Promise<void>;
  readClaim(name: string): Promise<JournalEntry | null>;
  listClaims(): Promise<JournalEntry[]>;
}

/** Everything: what the CLI's and the UI's services hold, and what each operation narrows. */
export interface DatasetStore extends CollectionStore, CatalogStore, DocumentStore, JournalStore {}
