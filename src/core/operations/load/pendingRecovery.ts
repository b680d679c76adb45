import { describeRun, isStale, JournalConflictError } from '../../journal.js';
import type { DataDocument, TimeKey } from '../../mediators/types.js';
import type { Coordinates } from '../../models/inputs.js';
import {
  cellValuesOf,
  type CellValues,
  type DatasetStore,
  type JournalEntry,
  type ServerInfo,
  type SketchState,
  type StatsSketch,
} from '../../store.js';
import { wroteEverything } from './recovery.js';
import type { DatasetMetadata } from '../../metadata.js';

/**
 * What a load will find on its dataset's journal entry before it starts, worked out without
 * writing anything (for a dry run): a real run takes over the lock of a dead load or append
 * and undoes what it left (recovery.ts), so a dry run plans against the database as it will
 * be after that undo.
 */
export interface PendingRecovery {
  /** The interrupted run's journal entry. */
  entry: JournalEntry;
  /** One line for the operator. */
  notice: string;
  /** The database as the real run will find it once the leftover is dealt with (read-only). */
  view: DatasetStore;
  /** The earlier run was this very load and wrote everything: the real run writes nothing. */
  sameLoadFinished: 'new' | 'append' | null;
}

/**
 * Reads the claim on `name`. Null when nobody holds it. A live holder, or a dead one that is
 * not a load (a rename, a removal), refuses the load exactly as the real run's claim does.
 * `request` is the load's fingerprint, to recognise an earlier run of this very load.
 */
export async function pendingRecovery(
  store: DatasetStore,
  name: string,
  request: string,
): Promise<PendingRecovery | null> {
  const entry = await store.readClaim(name);
  if (!entry) return null;
  if (!isStale(entry) || (entry.op !== 'load' && entry.op !== 'append'))
    throw new JournalConflictError(entry);
  const who = `${entry.op === 'append' ? 'An earlier append to' : 'An earlier load of'} "${name}" (${describeRun(entry)}) was interrupted`;

  if (wroteEverything(entry, await store.readMetadata(name))) {
    const same = entry.request === request;
    return {
      entry,
      view: store,
      sameLoadFinished: same ? (entry.op === 'append' ? 'append' : 'new') : null,
      notice: same
        ? `${who} after writing everything this load writes; nothing is left to load.`
        : `${who} after writing everything; its journal entry will be cleared before this load starts.`,
    };
  }
  if (entry.op === 'load' && !entry.staging) {
    return {
      entry,
      view: store,
      sameLoadFinished: null,
      notice: `${who} before it wrote anything; its journal entry will be cleared before this load starts.`,
    };
  }
  const restoreFrom =
    entry.op === 'append' &&
    entry.backup &&
    entry.backedUp &&
    (await store.collectionExists(entry.backup))
      ? entry.backup
      : null;
  return {
    entry,
    view: new UndoneView(store, entry, restoreFrom),
    sameLoadFinished: null,
    notice: `${who}; its leftover will be undone before this load starts.`,
  };
}

const timeOf = (time: Date | string) => new Date(time).getTime();

/**
 * The database as recoverLoad's undo leaves it, read through the real store: an interrupted
 * new load's dataset, coord_index and metadata are gone; an interrupted append's added times
 * are gone, the times it replaced are back from its backup, and its metadata is the one from
 * before. Its staging or backup collection is gone. Every write refuses (a dry run writes
 * nothing).
 */
class UndoneView implements DatasetStore {
  private readonly name: string;
  /** A new dataset's load: the dataset did not exist before it. */
  private readonly absent: boolean;
  private readonly hidden: Set<string>;
  /** Times of the dataset that the undo deletes (appended ones, and restored ones). */
  private readonly removed: Set<number>;
  private readonly key: TimeKey;

  constructor(
    private readonly inner: DatasetStore,
    private readonly entry: JournalEntry,
    /** The backup the undo restores replaced times from, if it does. */
    private readonly restoreFrom: string | null,
  ) {
    this.name = entry._id;
    this.absent = entry.op === 'load';
    this.hidden = new Set(
      [entry.staging, entry.backup, this.absent ? entry._id : undefined].filter(
        (collection): collection is string => collection !== undefined,
      ),
    );
    const replaced = new Set((entry.replaced ?? []).map(timeOf));
    const added = (entry.times ?? []).map(timeOf).filter((time) => !replaced.has(time));
    this.removed = new Set([...added, ...(restoreFrom ? replaced : [])]);
    this.key = entry.timeKey ?? '_id';
  }

  /** The dataset itself, whose documents differ from the stored ones (an append's undo). */
  private isUndoneDataset(collection: string): boolean {
    return collection === this.name && !this.absent;
  }

  private removedDocument(document: DataDocument): boolean {
    if (this.key === 'none') return false;
    const time = document[this.key];
    return time instanceof Date && this.removed.has(time.getTime());
  }

  serverInfo(): Promise<ServerInfo> {
    return this.inner.serverInfo();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async collectionNames(): Promise<string[]> {
    return (await this.inner.collectionNames()).filter((name) => !this.hidden.has(name));
  }

  async collectionExists(name: string): Promise<boolean> {
    if (this.hidden.has(name)) return false;
    return this.inner.collectionExists(name);
  }

  async recordCount(collection: string): Promise<number> {
    if (this.hidden.has(collection)) return 0;
    if (!this.isUndoneDataset(collection)) return this.inner.recordCount(collection);
    let count = 0;
    for await (const _document of this.scanDocuments(collection, [])) count++;
    return count;
  }

  async readMetadata(name: string): Promise<DatasetMetadata | null> {
    if (name !== this.name) return this.inner.readMetadata(name);
    if (this.absent) return null;
    return this.entry.previousMetadata ?? this.inner.readMetadata(name);
  }

  async listMetadataIds(): Promise<string[]> {
    const ids = await this.inner.listMetadataIds();
    return this.absent ? ids.filter((id) => id !== this.name) : ids;
  }

  async readCoordIndex(name: string): Promise<Coordinates | null> {
    return this.absent && name === this.name ? null : this.inner.readCoordIndex(name);
  }

  async coordIndexExists(name: string): Promise<boolean> {
    return this.absent && name === this.name ? false : this.inner.coordIndexExists(name);
  }

  async listCoordIndexIds(): Promise<string[]> {
    const ids = await this.inner.listCoordIndexIds();
    return this.absent ? ids.filter((id) => id !== this.name) : ids;
  }

  async existingTimes(collection: string, key: TimeKey, times: Date[]): Promise<Date[]> {
    if (this.hidden.has(collection)) return [];
    if (!this.isUndoneDataset(collection)) return this.inner.existingTimes(collection, key, times);
    const kept = (await this.inner.existingTimes(collection, key, times)).filter(
      (time) => !this.removed.has(time.getTime()),
    );
    const restored = this.restoreFrom
      ? await this.inner.existingTimes(this.restoreFrom, key, times)
      : [];
    const present = new Set([...kept, ...restored].map((time) => time.getTime()));
    return times.filter((time) => present.has(time.getTime()));
  }

  async documentsAt(collection: string, key: TimeKey, time: Date): Promise<DataDocument[]> {
    if (this.hidden.has(collection)) return [];
    if (!this.isUndoneDataset(collection) || !this.removed.has(time.getTime()))
      return this.inner.documentsAt(collection, key, time);
    return this.restoreFrom ? this.inner.documentsAt(this.restoreFrom, key, time) : [];
  }

  async sampleDocument(collection: string): Promise<DataDocument | null> {
    if (this.hidden.has(collection)) return null;
    if (!this.isUndoneDataset(collection)) return this.inner.sampleDocument(collection);
    for await (const document of this.scanDocuments(collection, [])) return document;
    return null;
  }

  async *scanDocuments(collection: string, fields: string[]): AsyncIterable<DataDocument> {
    if (this.hidden.has(collection)) return;
    if (!this.isUndoneDataset(collection)) {
      yield* this.inner.scanDocuments(collection, fields);
      return;
    }
    // The time field is needed to leave out removed documents, and only then.
    const extra = fields.length > 0 && this.key !== 'none' && !fields.includes(this.key);
    for await (const document of this.inner.scanDocuments(
      collection,
      extra ? [...fields, this.key] : fields,
    )) {
      if (this.removedDocument(document)) continue;
      if (extra) delete document[this.key];
      yield document;
    }
    if (this.restoreFrom) yield* this.inner.scanDocuments(this.restoreFrom, fields);
  }

  async *cellValues(
    collection: string,
    field: string,
    cells: readonly number[],
  ): AsyncIterable<CellValues> {
    if (!this.isUndoneDataset(collection) && !this.hidden.has(collection)) {
      yield* this.inner.cellValues(collection, field, cells);
      return;
    }
    for await (const document of this.scanDocuments(collection, [field]))
      yield { _id: document._id, values: cellValuesOf(document[field], cells) };
  }

  async readClaim(name: string): Promise<JournalEntry | null> {
    return name === this.name ? null : this.inner.readClaim(name);
  }

  async listClaims(): Promise<JournalEntry[]> {
    return (await this.inner.listClaims()).filter((entry) => entry._id !== this.name);
  }

  /** The sketch describes the dataset with the leftover in it: not the one planned against. */
  async readStatsSketch(): Promise<StatsSketch | null> {
    return null;
  }
  listStatsSketches(): Promise<SketchState[]> {
    return this.inner.listStatsSketches();
  }
  writeStatsSketch(): Promise<void> {
    return readOnly('writeStatsSketch');
  }
  deleteStatsSketch(): Promise<void> {
    return readOnly('deleteStatsSketch');
  }

  writeMetadata(): Promise<void> {
    return readOnly('writeMetadata');
  }
  deleteMetadata(): Promise<void> {
    return readOnly('deleteMetadata');
  }
  writeCoordIndex(): Promise<void> {
    return readOnly('writeCoordIndex');
  }
  deleteCoordIndex(): Promise<void> {
    return readOnly('deleteCoordIndex');
  }
  insertDocuments(): Promise<void> {
    return readOnly('insertDocuments');
  }
  deleteTimes(): Promise<number> {
    return readOnly('deleteTimes');
  }
  copyTimes(): Promise<number> {
    return readOnly('copyTimes');
  }
  moveEntries(): Promise<{ transaction: boolean }> {
    return readOnly('moveEntries');
  }
  renameCollection(): Promise<void> {
    return readOnly('renameCollection');
  }
  dropCollection(): Promise<void> {
    return readOnly('dropCollection');
  }
  claim(): Promise<void> {
    return readOnly('claim');
  }
  takeOver(): Promise<boolean> {
    return readOnly('takeOver');
  }
  updateClaim(): Promise<void> {
    return readOnly('updateClaim');
  }
  release(): Promise<void> {
    return readOnly('release');
  }
}

/** A write through the dry run's view is a bug: it must never reach the database. */
async function readOnly(method: string): Promise<never> {
  throw new Error(`a dry run tried to write (${method}) through its read-only view`);
}
