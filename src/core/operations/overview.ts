import { isDeepStrictEqual } from 'node:util';
import { METADATA } from '../names.js';
import type { CatalogStore, CollectionStore, DocumentStore, JournalStore } from '../store.js';
import { lostMetadata, type LostMetadata } from './audit.js';
import { datasetsAmong, withRecordCounts, type DatasetSummary } from './listDatasets.js';
import { asMetadata, type DatasetMetadata } from '../metadata.js';

/** A row of the TUI's dataset list. */
export interface DatasetRow extends DatasetSummary {
  gridded: boolean | null;
  firstDate: string | null;
  lastDate: string | null;
  /** The dataset's metadata document, or null when it has none. */
  metadata: DatasetMetadata | null;
  /** Without metadata: whether the audit can rebuild it (and how), or why not, as it says. */
  lostMetadata?: LostMetadata;
}

/** The TUI's dataset list, and the names an operation holds (running, or interrupted). */
export interface DatasetOverview {
  rows: DatasetRow[];
  /**
   * Every name a journal entry holds, listed or not: an interrupted load of a new dataset
   * leaves no dataset to list, but the audit has something to say about it.
   */
  held: string[];
}

/**
 * Datasets with their record counts, kind, date range and metadata, in one pass over the
 * metadata collection: moving through the list then needs no round trip to the server.
 *
 * `known`: the rows as the caller last had them (the TUI's automatic refresh). Their record
 * counts are kept for the datasets that have not changed, which are the ones with the same
 * metadata document and no operation holding them before or now: a load, an append or a
 * repair by flux-manage rewrites the metadata, and holds the dataset while it works. So a
 * refresh of an unchanged database reads the collection names, the journal and the metadata
 * documents (all small) and counts nothing (docs/ui.md).
 */
export async function datasetOverview(
  store: CollectionStore & CatalogStore & DocumentStore & JournalStore,
  known: readonly DatasetRow[] = [],
): Promise<DatasetOverview> {
  const [names, metadata, claims] = await Promise.all([
    store.collectionNames(),
    readAllMetadata(store),
    store.listClaims(),
  ]);
  const before = new Map(known.map((row) => [row.name, row]));
  const unchanged = (dataset: DatasetSummary) => {
    const row = before.get(dataset.name);
    return row && !row.interrupted && !dataset.interrupted
      ? isDeepStrictEqual(row.metadata, metadata.get(dataset.name) ?? null)
      : false;
  };
  const datasets = await withRecordCounts(store, datasetsAmong(names, claims), (dataset) =>
    unchanged(dataset) ? before.get(dataset.name)?.records : undefined,
  );
  // A dataset without metadata (rare): what the audit would say about it, one document and
  // an indexed lookup each (a refresh that already knew it keeps what it was told).
  const lost = new Map<string, LostMetadata>();
  for (const { name } of datasets.filter((dataset) => !metadata.has(dataset.name))) {
    const told = unchangedLost(before.get(name));
    lost.set(name, told ?? (await lostMetadata(store, name, await store.coordIndexExists(name))));
  }
  const rows = datasets.map((dataset) => {
    const entry = metadata.get(dataset.name) ?? null;
    const dates = Array.isArray(entry?.dates) ? (entry.dates as unknown[]).map(String).sort() : [];
    const lostEntry = lost.get(dataset.name);
    return {
      ...dataset,
      gridded: typeof entry?.gridded === 'boolean' ? entry.gridded : null,
      firstDate: dates[0] ?? null,
      lastDate: dates.at(-1) ?? null,
      metadata: entry,
      ...(lostEntry ? { lostMetadata: lostEntry } : {}),
    };
  });
  return { rows, held: claims.map((claim) => claim._id).sort() };
}

/** What a refresh was told of a dataset that still has no metadata and was not held. */
function unchangedLost(row: DatasetRow | undefined): LostMetadata | undefined {
  return row && !row.interrupted && row.metadata === null ? row.lostMetadata : undefined;
}

/** How a list of datasets changed: what a refresh tells the operator, and what it marks. */
export interface OverviewChanges {
  added: string[];
  removed: string[];
  /** Same name, other records or metadata. */
  changed: string[];
  /** A removed and an added dataset with the same records and metadata (its `_id` aside). */
  renamed: Array<{ from: string; to: string }>;
}

/** What changed from one list of datasets to the next, by name. */
export function overviewChanges(
  before: readonly DatasetRow[],
  after: readonly DatasetRow[],
): OverviewChanges {
  const old = new Map(before.map((row) => [row.name, row]));
  const now = new Map(after.map((row) => [row.name, row]));
  let added = after.filter((row) => !old.has(row.name));
  const removed: DatasetRow[] = [];
  const renamed: OverviewChanges['renamed'] = [];
  for (const row of before.filter((candidate) => !now.has(candidate.name))) {
    // Without metadata there is too little to tell a rename from a removal and a new dataset.
    const target = row.metadata
      ? added.find((candidate) => sameContent(row, candidate))
      : undefined;
    if (target) {
      renamed.push({ from: row.name, to: target.name });
      added = added.filter((candidate) => candidate !== target);
    } else removed.push(row);
  }
  const changed = after.filter((row) => {
    const was = old.get(row.name);
    return was !== undefined && !sameContent(was, row);
  });
  return {
    added: added.map((row) => row.name),
    removed: removed.map((row) => row.name),
    changed: changed.map((row) => row.name),
    renamed,
  };
}

/** The same records and metadata, whatever the dataset is called. */
function sameContent(a: DatasetRow, b: DatasetRow): boolean {
  const content = (row: DatasetRow) => (row.metadata ? { ...row.metadata, _id: '' } : null);
  return a.records === b.records && isDeepStrictEqual(content(a), content(b));
}

async function readAllMetadata(store: DocumentStore): Promise<Map<string, DatasetMetadata>> {
  const entries = new Map<string, DatasetMetadata>();
  for await (const document of store.scanDocuments(METADATA, [])) {
    entries.set(String(document._id), asMetadata(document));
  }
  return entries;
}
