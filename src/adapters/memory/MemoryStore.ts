import { BSON } from 'mongodb';
import { FluxError } from '#core/errors.js';
import { JOURNAL_COLLECTION, JournalConflictError } from '#core/journal.js';
import type { DataDocument, TimeKey } from '#core/mediators/types.js';
import { MAX_DOCUMENT_BYTES } from '#core/mediators/bsonSize.js';
import type { Coordinates } from '#core/models/inputs.js';
import { COORD_INDEX, METADATA, SUMMARY_STATS } from '#core/names.js';
import { doublesOf, markDoubles } from '#core/numbers/doubles.js';
import {
  cellValuesOf,
  type CellValues,
  type DatasetStore,
  type JournalEntry,
  type ScanOptions,
  type ServerInfo,
  type SketchState,
  type StatsSketch,
} from '#core/store.js';
import { asMetadata, type DatasetMetadata } from '#core/metadata.js';

type StoredDocument = Record<string, unknown>;

/** What MongoDB's duplicate-key error carries, so callers that look at `code` see the same. */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(collection: string, id: unknown) {
    super(
      `E11000 duplicate key error collection: ${collection} index: _id_ dup key: ${String(id)}`,
    );
    this.name = 'DuplicateKeyError';
  }
}

/**
 * A whole database in memory, with the semantics MongoStore promises (test/store/behaviour.ts
 * holds both to them): unique `_id`s (an ordered insert stops at a duplicate, keeping what went
 * before), documents over 16 MiB refused before anything of their batch is written, a rename
 * that refuses an existing target, a journal that goes with its last entry, and copies in and
 * out so that nothing a caller keeps can change what is stored. It lets operations and screens
 * be tested in milliseconds, without a server (`npm run test:fast`).
 */
export class MemoryStore implements DatasetStore {
  private readonly collections = new Map<string, Map<string, StoredDocument>>();
  private generatedIds = 0;

  constructor(
    private readonly info: ServerInfo = {
      version: '8.0.0',
      engine: 'mongodb',
      nestedArrays: true,
      indexedTimes: true,
    },
  ) {}

  serverInfo(): Promise<ServerInfo> {
    return Promise.resolve({ ...this.info });
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  collectionNames(): Promise<string[]> {
    return Promise.resolve([...this.collections.keys()]);
  }

  collectionExists(name: string): Promise<boolean> {
    return Promise.resolve(this.collections.has(name));
  }

  recordCount(collection: string): Promise<number> {
    return Promise.resolve(this.collections.get(collection)?.size ?? 0);
  }

  renameCollection(from: string, to: string): Promise<void> {
    const source = this.collections.get(from);
    if (!source) return Promise.reject(new Error(`source namespace ${from} does not exist`));
    if (this.collections.has(to)) return Promise.reject(new Error(`target namespace ${to} exists`));
    this.collections.delete(from);
    this.collections.set(to, source);
    return Promise.resolve();
  }

  dropCollection(name: string): Promise<void> {
    this.collections.delete(name);
    return Promise.resolve();
  }

  // --- the catalog: metadata, coord_index, summary_stats --------------------------------------

  readMetadata(name: string): Promise<DatasetMetadata | null> {
    const stored = this.find(METADATA, name);
    return Promise.resolve(
      stored ? asMetadata(markDoubles(copy(stored), doublesOf(stored))) : null,
    );
  }

  writeMetadata(document: DatasetMetadata): Promise<void> {
    this.replace(METADATA, markDoubles(copy(document), doublesOf(document)));
    return Promise.resolve();
  }

  deleteMetadata(name: string): Promise<void> {
    return this.deleteEntry(METADATA, name);
  }

  listMetadataIds(): Promise<string[]> {
    return this.ids(METADATA);
  }

  readCoordIndex(name: string): Promise<Coordinates | null> {
    const stored = this.find(COORD_INDEX, name);
    return Promise.resolve(stored ? copy(stored.i as Coordinates) : null);
  }

  coordIndexExists(name: string): Promise<boolean> {
    return Promise.resolve(this.find(COORD_INDEX, name) !== undefined);
  }

  writeCoordIndex(name: string, coordinates: Coordinates): Promise<void> {
    this.replace(COORD_INDEX, { _id: name, i: copy(coordinates) });
    return Promise.resolve();
  }

  deleteCoordIndex(name: string): Promise<void> {
    return this.deleteEntry(COORD_INDEX, name);
  }

  listCoordIndexIds(): Promise<string[]> {
    return this.ids(COORD_INDEX);
  }

  readStatsSketch(name: string): Promise<StatsSketch | null> {
    const stored = this.find(SUMMARY_STATS, name);
    return Promise.resolve(stored ? (copy(stored) as unknown as StatsSketch) : null);
  }

  writeStatsSketch(sketch: StatsSketch): Promise<void> {
    this.replace(SUMMARY_STATS, copy(sketch) as unknown as StoredDocument);
    return Promise.resolve();
  }

  deleteStatsSketch(name: string): Promise<void> {
    return this.deleteEntry(SUMMARY_STATS, name);
  }

  listStatsSketches(): Promise<SketchState[]> {
    const sketches = [...(this.collections.get(SUMMARY_STATS)?.values() ?? [])];
    return Promise.resolve(
      sketches.map((stored) => {
        const { _id, documents, dates } = copy(stored) as unknown as StatsSketch;
        return { _id, documents, dates };
      }),
    );
  }

  /** No transactions here: the rename journal makes each step repeatable, as on FerretDB. */
  moveEntries(from: string, to: string): Promise<{ transaction: boolean }> {
    for (const collection of [METADATA, COORD_INDEX, SUMMARY_STATS]) {
      const entry = this.find(collection, from);
      if (!entry) continue;
      if (!this.find(collection, to)) {
        const moved = markDoubles({ ...entry, _id: to }, doublesOf(entry));
        this.documents(collection).set(keyOf(to), moved);
      }
      this.documents(collection).delete(keyOf(from));
    }
    return Promise.resolve({ transaction: false });
  }

  // --- documents -----------------------------------------------------------------------------

  insertDocuments(collection: string, documents: DataDocument[]): Promise<void> {
    if (documents.length === 0) return Promise.resolve();
    // As the driver does: a batch with a document over the limit is refused whole.
    for (const document of documents) {
      const bytes = BSON.calculateObjectSize(document);
      if (bytes > MAX_DOCUMENT_BYTES)
        return Promise.reject(
          new RangeError(`document of ${bytes} bytes is larger than ${MAX_DOCUMENT_BYTES}`),
        );
    }
    const target = this.documents(collection);
    for (const document of documents) {
      const stored = asStored(document) as StoredDocument;
      stored._id ??= `generated-${++this.generatedIds}`;
      const key = keyOf(stored._id);
      if (target.has(key)) return Promise.reject(new DuplicateKeyError(collection, stored._id));
      target.set(key, stored);
    }
    return Promise.resolve();
  }

  existingTimes(collection: string, key: TimeKey, times: Date[]): Promise<Date[]> {
    const stored = new Set(
      this.at(collection, key, times).map((document) => timeOf(document, key)),
    );
    return Promise.resolve(times.filter((time) => stored.has(time.getTime())));
  }

  deleteTimes(collection: string, key: TimeKey, times: Date[]): Promise<number> {
    const found = this.at(collection, key, times);
    const documents = this.collections.get(collection);
    for (const document of found) documents?.delete(keyOf(document._id));
    return Promise.resolve(found.length);
  }

  async copyTimes(
    from: string,
    to: string,
    key: TimeKey,
    times: Date[],
    onCopied?: (copied: number) => void,
  ): Promise<number> {
    if (key === 'none' || times.length === 0) return 0;
    const found = this.at(from, key, times);
    await this.insertDocuments(to, found);
    onCopied?.(found.length);
    return found.length;
  }

  documentsAt(collection: string, key: TimeKey, time: Date): Promise<DataDocument[]> {
    return Promise.resolve(this.at(collection, key, [time]).map(copy));
  }

  sampleDocument(collection: string): Promise<DataDocument | null> {
    const first = this.collections.get(collection)?.values().next().value;
    return Promise.resolve(first ? copy(first) : null);
  }

  async *scanDocuments(
    collection: string,
    fields: string[],
    _options?: ScanOptions,
  ): AsyncIterable<DataDocument> {
    // A snapshot, as a cursor over a collection that is not being written to would see.
    for (const document of [...(this.collections.get(collection)?.values() ?? [])]) {
      yield fields.length === 0 ? copy(document) : projected(document, fields);
    }
  }

  async *cellValues(
    collection: string,
    field: string,
    cells: readonly number[],
    _options?: ScanOptions,
  ): AsyncIterable<CellValues> {
    for (const document of [...(this.collections.get(collection)?.values() ?? [])]) {
      yield { _id: copy(document._id), values: cellValuesOf(document[field], cells) };
    }
  }

  // --- the journal ---------------------------------------------------------------------------

  claim(entry: JournalEntry): Promise<void> {
    const holder = this.find(JOURNAL_COLLECTION, entry._id);
    if (holder) return Promise.reject(new JournalConflictError(entryOf(holder)));
    this.replace(JOURNAL_COLLECTION, copy(entry) as unknown as StoredDocument);
    return Promise.resolve();
  }

  takeOver(staleToken: string, entry: JournalEntry): Promise<boolean> {
    const holder = this.find(JOURNAL_COLLECTION, entry._id);
    if (holder?.token !== staleToken) return Promise.resolve(false);
    this.replace(JOURNAL_COLLECTION, copy(entry) as unknown as StoredDocument);
    return Promise.resolve(true);
  }

  updateClaim(name: string, token: string, patch: Partial<JournalEntry>): Promise<void> {
    const holder = this.find(JOURNAL_COLLECTION, name);
    if (holder?.token !== token) {
      return Promise.reject(
        new FluxError(
          'conflict',
          `the lock on dataset "${name}" was taken over by another run; stopping`,
        ),
      );
    }
    this.replace(JOURNAL_COLLECTION, { ...holder, ...copy(patch) });
    return Promise.resolve();
  }

  release(name: string, token: string): Promise<void> {
    const journal = this.collections.get(JOURNAL_COLLECTION);
    if (journal?.get(keyOf(name))?.token === token) journal.delete(keyOf(name));
    if (journal?.size === 0) this.collections.delete(JOURNAL_COLLECTION);
    return Promise.resolve();
  }

  readClaim(name: string): Promise<JournalEntry | null> {
    const holder = this.find(JOURNAL_COLLECTION, name);
    return Promise.resolve(holder ? entryOf(holder) : null);
  }

  listClaims(): Promise<JournalEntry[]> {
    const journal = this.collections.get(JOURNAL_COLLECTION);
    return Promise.resolve([...(journal?.values() ?? [])].map((entry) => entryOf(entry)));
  }

  // --- helpers -------------------------------------------------------------------------------

  private documents(collection: string): Map<string, StoredDocument> {
    let documents = this.collections.get(collection);
    if (!documents) this.collections.set(collection, (documents = new Map()));
    return documents;
  }

  private find(collection: string, id: string): StoredDocument | undefined {
    return this.collections.get(collection)?.get(keyOf(id));
  }

  /** An upsert by `_id`, as replaceOne with upsert does. */
  private replace(collection: string, document: StoredDocument): void {
    this.documents(collection).set(keyOf(document._id), document);
  }

  private deleteEntry(collection: string, id: string): Promise<void> {
    this.collections.get(collection)?.delete(keyOf(id));
    return Promise.resolve();
  }

  private ids(collection: string): Promise<string[]> {
    return Promise.resolve(
      [...(this.collections.get(collection)?.values() ?? [])].map((entry) => String(entry._id)),
    );
  }

  /** The stored documents whose time (under `key`) is one of `times`, in stored order. */
  private at(collection: string, key: TimeKey, times: Date[]): StoredDocument[] {
    if (key === 'none' || times.length === 0) return [];
    const wanted = new Set(times.map((time) => time.getTime()));
    return [...(this.collections.get(collection)?.values() ?? [])].filter((document) =>
      wanted.has(timeOf(document, key)),
    );
  }
}

/** One key per `_id` value, its type included (a Date and a number of the same value differ). */
function keyOf(id: unknown): string {
  if (id instanceof Date) return `date:${id.getTime()}`;
  return `${typeof id}:${String(id)}`;
}

function timeOf(document: StoredDocument, key: TimeKey): number {
  const time = key === 'none' ? undefined : document[key];
  return time instanceof Date ? time.getTime() : Number.NaN;
}

function projected(document: StoredDocument, fields: string[]): DataDocument {
  const out: DataDocument = { _id: copy(document._id) };
  for (const field of fields) if (field in document) out[field] = copy(document[field]);
  return out;
}

/** A deep copy of what is stored: Dates and typed arrays kept. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * A document as BSON stores it: an array's holes and undefined values become null (a NaN cell
 * is a hole in a data array, and reads back as null from MongoDB), and so do undefined fields
 * (the driver's default).
 */
function asStored(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from(value, (item) => asStored(item ?? null));
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value)) return copy(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = asStored(item);
  return out;
}

function entryOf(stored: StoredDocument): JournalEntry {
  return copy(stored) as unknown as JournalEntry;
}
