import {
  BSON,
  MongoServerError,
  type ClientSession,
  type Collection,
  type Db,
  type Document,
  type Filter,
} from 'mongodb';
import { FluxError } from '#core/errors.js';
import { allDoubles, dataDocument, doubles, markedDocument, plainDocument } from './bsonNumbers.js';
import { JOURNAL_COLLECTION, JournalConflictError } from '#core/journal.js';
import type { DataDocument, TimeKey } from '#core/mediators/types.js';
import type { Coordinates } from '#core/models/inputs.js';
import { COORD_INDEX, METADATA, SUMMARY_STATS } from '#core/names.js';
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
import type { DatasetMetadata } from '#core/metadata.js';

const DUPLICATE_KEY = 11000;
/** What one batch of a scan should hold, and at most how many documents. */
const BATCH_BYTES = 8 * 1024 * 1024;
const MAX_BATCH_DOCUMENTS = 10_000;

type Keyed = { _id: string } & Document;
const { Binary, calculateObjectSize } = BSON;
/** The layout of a stored statistics sketch; another layout is ignored (read as absent). */
const SKETCH_FORMAT = 1;

function packed(values: Float64Array): InstanceType<typeof Binary> {
  return new Binary(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
}

function unpacked(stored: unknown): Float64Array | null {
  if (!(stored instanceof Binary) || stored.length() % 8 !== 0) return null;
  // A copy: the bytes may not sit on an 8-byte boundary in the driver's buffer.
  return new Float64Array(Uint8Array.from(stored.buffer.subarray(0, stored.length())).buffer);
}

/**
 * A dataset's coord_index entry: `i` as [[x, y], ...] (SPEC 4), or, on a server that refuses
 * nested arrays (FerretDB v1), as the same pairs packed into one binary of little-endian
 * doubles x0, y0, x1, y1, ... (docs/ferretdb.md: FerretDB v1 takes seconds to read a global
 * grid's 64,800 {x, y} objects, milliseconds to read the binary).
 */
export function coordIndexDocument(
  name: string,
  coordinates: Coordinates,
  nestedArrays: boolean,
): { _id: string; i: Coordinates | InstanceType<typeof Binary> } {
  if (nestedArrays) return { _id: name, i: coordinates };
  const pairs = new Float64Array(coordinates.length * 2);
  coordinates.forEach(([x, y], index) => {
    pairs[2 * index] = x;
    pairs[2 * index + 1] = y;
  });
  return { _id: name, i: packed(pairs) };
}

/** coord_index pairs from any form a server holds: [[x, y]], packed doubles, or [{x, y}]. */
function coordinatesOf(stored: unknown): Coordinates {
  const pairs = unpacked(stored);
  if (pairs)
    return Array.from({ length: pairs.length / 2 }, (_, k) => [pairs[2 * k]!, pairs[2 * k + 1]!]);
  if (!Array.isArray(stored)) return [];
  return stored.map((item: unknown) => {
    if (Array.isArray(item)) return [Number(item[0]), Number(item[1])];
    const point = item as { x?: unknown; y?: unknown };
    return [Number(point.x), Number(point.y)];
  });
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
          indexedTimes: !ferret?.startsWith('v1.'),
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
    // Some servers ignore listCollections' filter and return every collection: the answer
    // decides what a load writes, so the name is checked here (docs/servers.md).
    const infos = await this.db.listCollections({ name }, { nameOnly: true }).toArray();
    return infos.some((info) => info.name === name);
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

  /**
   * A dataset's entry in metadata, coord_index or summary_stats, by its string `_id` (pushed
   * down to SQLite on FerretDB). The `_id` is checked here too: what is read decides what is
   * written, and a server is not trusted to have applied the filter.
   */
  private async entry(
    collection: string,
    name: string,
    projection?: Document,
  ): Promise<Keyed | null> {
    const document = await this.keyed(collection).findOne(
      { _id: name },
      projection ? { projection } : {},
    );
    return document && document._id === name ? document : null;
  }

  /** Every entry's `_id` in a collection of one entry per dataset. */
  private async ids(collection: string): Promise<string[]> {
    const entries = await this.keyed(collection)
      .find({}, { projection: { _id: 1 } })
      .toArray();
    return entries.map((entry) => String(entry._id));
  }

  private keyed(name: string): Collection<Keyed> {
    return this.db.collection<Keyed>(name);
  }

  /** With each number's BSON type noted, so that writing it back keeps it (bsonNumbers.ts). */
  async readMetadata(name: string): Promise<DatasetMetadata | null> {
    const raw = await this.keyed(METADATA).findOne({ _id: name }, { promoteValues: false });
    return raw && raw._id === name ? plainDocument(raw) : null;
  }

  async writeMetadata(document: DatasetMetadata): Promise<void> {
    await this.keyed(METADATA).replaceOne(
      { _id: String(document._id) },
      markedDocument(document) as Keyed,
      { upsert: true },
    );
  }

  async deleteMetadata(name: string): Promise<void> {
    await this.keyed(METADATA).deleteOne({ _id: name });
  }

  async listMetadataIds(): Promise<string[]> {
    return this.ids(METADATA);
  }

  async readCoordIndex(name: string): Promise<Coordinates | null> {
    const document = await this.entry(COORD_INDEX, name);
    if (!document) return null;
    return coordinatesOf((document as { i?: unknown }).i);
  }

  /**
   * SPEC 4's shape is {_id, i: [[x, y], ...]}. FerretDB v1 refuses arrays inside arrays, so
   * there the same pairs go in packed (coordIndexDocument); readCoordIndex reads every form,
   * [{x, y}, ...] (what earlier versions wrote to FerretDB v1) included.
   */
  /** Only the `_id` comes back: a global grid's entry is a megabyte or more. */
  async coordIndexExists(name: string): Promise<boolean> {
    return (await this.entry(COORD_INDEX, name, { _id: 1 })) !== null;
  }

  async writeCoordIndex(name: string, coordinates: Coordinates): Promise<void> {
    const document = coordIndexDocument(name, coordinates, (await this.serverInfo()).nestedArrays);
    await this.keyed(COORD_INDEX).replaceOne({ _id: name }, allDoubles(document) as Keyed, {
      upsert: true,
    });
  }

  async deleteCoordIndex(name: string): Promise<void> {
    await this.keyed(COORD_INDEX).deleteOne({ _id: name });
  }

  async listCoordIndexIds(): Promise<string[]> {
    return this.ids(COORD_INDEX);
  }

  async readStatsSketch(name: string): Promise<StatsSketch | null> {
    const document = await this.entry(SUMMARY_STATS, name);
    if (!document || document.format !== SKETCH_FORMAT) return null;
    const parameters: StatsSketch['parameters'] = {};
    for (const [parameter, stored] of Object.entries(
      (document.parameters ?? {}) as Record<string, { values?: unknown; counts?: unknown }>,
    )) {
      const values = unpacked(stored.values);
      const counts = unpacked(stored.counts);
      if (!values || !counts || values.length !== counts.length) return null;
      parameters[parameter] = { values, counts };
    }
    return {
      _id: name,
      documents: Number(document.documents),
      dates: document.dates,
      stats: document.stats,
      parameters,
      ...(typeof document.grid === 'string' ? { grid: document.grid } : {}),
    };
  }

  /** Histograms as packed doubles: 16 bytes a distinct value, not a BSON array element each. */
  async writeStatsSketch(sketch: StatsSketch): Promise<void> {
    const parameters = Object.fromEntries(
      Object.entries(sketch.parameters).map(([parameter, { values, counts }]) => [
        parameter,
        { values: packed(values), counts: packed(counts) },
      ]),
    );
    const document = {
      _id: sketch._id,
      format: SKETCH_FORMAT,
      documents: sketch.documents,
      dates: sketch.dates,
      stats: doubles(sketch.stats),
      parameters,
      ...(sketch.grid ? { grid: sketch.grid } : {}),
    };
    await this.keyed(SUMMARY_STATS).replaceOne({ _id: sketch._id }, document, { upsert: true });
  }

  async deleteStatsSketch(name: string): Promise<void> {
    await this.keyed(SUMMARY_STATS).deleteOne({ _id: name });
  }

  async listStatsSketches(): Promise<SketchState[]> {
    const entries = await this.keyed(SUMMARY_STATS)
      .find({}, { projection: { format: 1, documents: 1, dates: 1 } })
      .toArray();
    return entries.map((entry) =>
      entry.format === SKETCH_FORMAT
        ? { _id: String(entry._id), documents: Number(entry.documents), dates: entry.dates }
        : { _id: String(entry._id) },
    );
  }

  async insertDocuments(collection: string, documents: DataDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.db.collection(collection).insertMany(documents.map(dataDocument), { ordered: true });
  }

  /**
   * Times are Date `_id`s (or `timestamp`s). MongoDB answers a query for all of them from the
   * `_id` index; FerretDB v1 pushes only string and ObjectId `_id` filters down to SQLite, so
   * there any filter on a time reads the collection (up to the match): hence one query for all
   * the times, never one per time (docs/performance.md).
   */
  async existingTimes(collection: string, key: TimeKey, times: Date[]): Promise<Date[]> {
    if (key === 'none' || times.length === 0) return [];
    const wanted = new Set(times.map((time) => time.getTime()));
    const seen = new Set<number>();
    const cursor = this.db
      .collection<Document>(collection)
      .find({ [key]: { $in: times } } as Filter<Document>, { projection: { [key]: 1 } });
    for await (const document of cursor) {
      const value = document[key];
      if (value instanceof Date && wanted.has(value.getTime())) seen.add(value.getTime());
    }
    return times.filter((time) => seen.has(time.getTime()));
  }

  async deleteTimes(collection: string, key: TimeKey, times: Date[]): Promise<number> {
    if (key === 'none' || times.length === 0) return 0;
    const target = this.db.collection<Document>(collection);
    return (await target.deleteMany({ [key]: { $in: times } } as Filter<Document>)).deletedCount;
  }

  async copyTimes(
    from: string,
    to: string,
    key: TimeKey,
    times: Date[],
    onCopied?: (copied: number) => void,
  ): Promise<number> {
    if (key === 'none' || times.length === 0) return 0;
    const source = this.db.collection<Document>(from);
    const target = this.db.collection<Document>(to);
    let copied = 0;
    let batch: Document[] = [];
    let bytes = 0;
    // Read and written as stored (promoteValues: false): every number keeps its BSON type.
    const found = source.find({ [key]: { $in: times } } as Filter<Document>, {
      promoteValues: false,
    });
    // What is copied is checked here too, not left to the server's filter (docs/servers.md).
    const wanted = new Set(times.map((time) => time.getTime()));
    for await (const document of found) {
      const time: unknown = document[key];
      if (!(time instanceof Date && wanted.has(time.getTime()))) continue;
      batch.push(document);
      bytes += calculateObjectSize(document);
      if (bytes >= BATCH_BYTES || batch.length >= 1000) {
        await target.insertMany(batch);
        copied += batch.length;
        onCopied?.(copied);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length) await target.insertMany(batch);
    copied += batch.length;
    onCopied?.(copied);
    return copied;
  }

  /** One grid time: an `_id` lookup with a limit. Observations of a time: one filtered query. */
  async documentsAt(collection: string, key: TimeKey, time: Date): Promise<DataDocument[]> {
    if (key === 'none') return [];
    const target = this.db.collection<Document>(collection);
    if (key === '_id') {
      const document = await target.findOne({ _id: time } as Filter<Document>);
      const found = document?._id instanceof Date && document._id.getTime() === time.getTime();
      return found ? [document] : [];
    }
    const documents = await target.find({ [key]: time } as Filter<Document>).toArray();
    return documents.filter(
      (document) => document[key] instanceof Date && document[key].getTime() === time.getTime(),
    );
  }

  async sampleDocument(collection: string): Promise<DataDocument | null> {
    return this.db.collection(collection).findOne({});
  }

  /**
   * Copies each entry to its new _id and deletes the old one (an _id cannot be changed in
   * place). On a replica set or sharded cluster both happen in one transaction; elsewhere the
   * rename journal makes the steps safe to repeat.
   */
  async moveEntries(from: string, to: string): Promise<{ transaction: boolean }> {
    const move = async (session?: ClientSession) => {
      for (const name of [METADATA, COORD_INDEX, SUMMARY_STATS]) {
        const entries = this.keyed(name);
        // As stored (promoteValues: false): every number keeps its BSON type.
        const document = await entries.findOne({ _id: from }, { session, promoteValues: false });
        if (!document || document._id !== from) continue;
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

  /**
   * One cursor over the collection, in batches of about 8 MiB: a 1-degree grid time step is
   * ~1 MB (8 a batch), an observation ~100 bytes (thousands a batch, not one round trip per 16).
   * The size is judged from one document first (an unfiltered lookup with a limit).
   */
  async *scanDocuments(
    collection: string,
    fields: string[],
    options: ScanOptions = {},
  ): AsyncIterable<DataDocument> {
    const projection = Object.fromEntries(fields.map((field) => [field, 1]));
    const target = this.db.collection(collection);
    let batchSize = options.batchDocuments;
    if (batchSize === undefined) {
      const sample = await target.findOne({}, { projection });
      if (!sample) return;
      batchSize = Math.max(
        4,
        Math.min(
          MAX_BATCH_DOCUMENTS,
          Math.floor(BATCH_BYTES / Math.max(1, calculateObjectSize(sample))),
        ),
      );
    }
    const cursor = target.find({}, { projection, batchSize });
    try {
      for await (const document of cursor) yield document;
    } finally {
      await cursor.close();
    }
  }

  /**
   * MongoDB: one aggregation whose documents carry `_id` and the elements asked for (`$map`
   * of `$arrayElemAt` over the indexes, nulls where the field is not an array), so that a
   * 64,800-cell step sends 8 bytes a cell. FerretDB (v1 implements no `$arrayElemAt`, nor
   * `$slice` in a projection): the documents, with only `field`, and the elements taken here.
   * What comes back is checked: an answer that is not one value per cell asked is refused
   * rather than read as the cells.
   */
  async *cellValues(
    collection: string,
    field: string,
    cells: readonly number[],
    options: ScanOptions = {},
  ): AsyncIterable<CellValues> {
    const target = this.db.collection(collection);
    const batch = options.batchDocuments === undefined ? {} : { batchSize: options.batchDocuments };
    const sliced = (await this.serverInfo()).engine === 'mongodb' && !/[.$]/.test(field);
    if (!sliced) {
      const cursor = target.find({}, { projection: { [field]: 1 }, ...batch });
      try {
        for await (const document of cursor)
          yield { _id: document._id, values: cellValuesOf(document[field], cells) };
      } finally {
        await cursor.close();
      }
      return;
    }
    // Only whole, non-negative indexes reach the server; the others are null (as elsewhere).
    const asked = cells.map((index) => (Number.isInteger(index) && index >= 0 ? index : null));
    const array = `$${field}`;
    // Null for no array, no index, or one past the end ($arrayElemAt gives nothing there);
    // $cond evaluates only the branch it takes, so $size sees arrays only.
    const inside = { $and: [{ $ne: ['$$cell', null] }, { $lt: ['$$cell', { $size: array }] }] };
    const element = {
      $cond: [
        { $isArray: array },
        { $cond: [inside, { $arrayElemAt: [array, '$$cell'] }, null] },
        null,
      ],
    };
    const cursor = target.aggregate(
      [{ $project: { _id: 1, values: { $map: { input: asked, as: 'cell', in: element } } } }],
      batch,
    );
    try {
      for await (const document of cursor) {
        const values: unknown = document.values;
        if (!Array.isArray(values) || values.length !== cells.length)
          throw new FluxError(
            'data',
            `the server answered ${cells.length} cells of "${collection}" with ${Array.isArray(values) ? values.length : 'no'} values`,
          );
        yield { _id: document._id, values: cellValuesOf(values, [...values.keys()]) };
      }
    } finally {
      await cursor.close();
    }
  }

  async renameCollection(from: string, to: string): Promise<void> {
    await this.db.renameCollection(from, to, { dropTarget: false });
  }

  async dropCollection(name: string): Promise<void> {
    try {
      await this.db.collection(name).drop();
    } catch (error) {
      if (
        error instanceof MongoServerError &&
        (error.code === 26 || /ns not found/i.test(error.message))
      )
        return;
      throw error;
    }
  }

  private journal(): Collection<JournalEntry> {
    return this.db.collection<JournalEntry>(JOURNAL_COLLECTION);
  }

  async claim(entry: JournalEntry): Promise<void> {
    try {
      await this.journal().insertOne(journalDocument(entry));
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
    const result = await this.journal().replaceOne(
      { _id: entry._id, token: staleToken },
      journalDocument(entry),
    );
    return result.modifiedCount === 1;
  }

  async updateClaim(name: string, token: string, patch: Partial<JournalEntry>): Promise<void> {
    const result = await this.journal().updateOne(
      { _id: name, token },
      { $set: journalDocument(patch) },
    );
    if (result.matchedCount !== 1) {
      throw new FluxError(
        'conflict',
        `the lock on dataset "${name}" was taken over by another run; stopping`,
      );
    }
  }

  /**
   * The journal goes with its last entry: at rest the database holds nothing of
   * flux-manage's (the original tool's `db -a` would report a collection of ours as a dataset
   * without metadata). A claim made in the instant between the check and the drop is lost with
   * it; its run finds out at its next journal write and stops (undoing itself).
   */
  async release(name: string, token: string): Promise<void> {
    await this.journal().deleteOne({ _id: name, token });
    const remaining = await this.journal().findOne({}, { projection: { _id: 1 } });
    if (!remaining) await this.dropCollection(JOURNAL_COLLECTION);
  }

  async readClaim(name: string): Promise<JournalEntry | null> {
    const raw = await this.journal().findOne({ _id: name }, { promoteValues: false });
    return raw && raw._id === name ? journalEntry(raw) : null;
  }

  async listClaims(): Promise<JournalEntry[]> {
    return (await this.journal().find({}, { promoteValues: false }).toArray()).map(journalEntry);
  }
}

/** The metadata a journal entry keeps (to write, or to restore) with its numbers' types. */
function journalDocument<T extends Partial<JournalEntry>>(entry: T): T {
  const out: Record<string, unknown> = { ...entry };
  if (entry.metadata) out.metadata = markedDocument(entry.metadata);
  if (entry.previousMetadata) out.previousMetadata = markedDocument(entry.previousMetadata);
  return out as T;
}

/** A journal entry read as stored, its metadata with their numbers' types noted. */
function journalEntry(raw: Document): JournalEntry {
  const { metadata, previousMetadata, ...rest } = raw;
  return {
    ...plainDocument(rest),
    ...(metadata ? { metadata: plainDocument(metadata as Document) } : {}),
    ...(previousMetadata ? { previousMetadata: plainDocument(previousMetadata as Document) } : {}),
    ...(previousMetadata === null ? { previousMetadata: null } : {}),
  } as JournalEntry;
}
