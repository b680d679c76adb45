import { METADATA } from '../names.js';
import type { CatalogStore, CollectionStore, DocumentStore, JournalStore } from '../store.js';
import { lostMetadata, type LostMetadata } from './audit.js';
import { listDatasets, type DatasetSummary } from './listDatasets.js';
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
 */
export async function datasetOverview(
  store: CollectionStore & CatalogStore & DocumentStore & JournalStore,
): Promise<DatasetOverview> {
  const [datasets, metadata, claims] = await Promise.all([
    listDatasets(store, { counts: true }),
    readAllMetadata(store),
    store.listClaims(),
  ]);
  // A dataset without metadata (rare): what the audit would say about it, read now.
  const without = datasets.filter((dataset) => !metadata.has(dataset.name));
  const coordinates = new Set(without.length ? await store.listCoordIndexIds() : []);
  const lost = new Map<string, LostMetadata>();
  for (const { name } of without)
    lost.set(name, await lostMetadata(store, name, coordinates.has(name)));
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

async function readAllMetadata(store: DocumentStore): Promise<Map<string, DatasetMetadata>> {
  const entries = new Map<string, DatasetMetadata>();
  for await (const document of store.scanDocuments(METADATA, [])) {
    entries.set(String(document._id), asMetadata(document));
  }
  return entries;
}
