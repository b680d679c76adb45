import { METADATA } from '../names.js';
import type { CollectionStore, DocumentStore, JournalStore } from '../store.js';
import { listDatasets, type DatasetSummary } from './listDatasets.js';
import { asMetadata, type DatasetMetadata } from '../metadata.js';

/** A row of the TUI's dataset list. */
export interface DatasetRow extends DatasetSummary {
  gridded: boolean | null;
  firstDate: string | null;
  lastDate: string | null;
  /** The dataset's metadata document, or null when it has none. */
  metadata: DatasetMetadata | null;
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
  store: CollectionStore & DocumentStore & JournalStore,
): Promise<DatasetOverview> {
  const [datasets, metadata, claims] = await Promise.all([
    listDatasets(store, { counts: true }),
    readAllMetadata(store),
    store.listClaims(),
  ]);
  const rows = datasets.map((dataset) => {
    const entry = metadata.get(dataset.name) ?? null;
    const dates = Array.isArray(entry?.dates) ? (entry.dates as unknown[]).map(String).sort() : [];
    return {
      ...dataset,
      gridded: typeof entry?.gridded === 'boolean' ? entry.gridded : null,
      firstDate: dates[0] ?? null,
      lastDate: dates.at(-1) ?? null,
      metadata: entry,
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
