import { METADATA } from '../names.js';
import type { DatasetStore } from '../store.js';
import { listDatasets, type DatasetSummary } from './listDatasets.js';

/** A row of the TUI's dataset list. */
export interface DatasetRow extends DatasetSummary {
  gridded: boolean | null;
  firstDate: string | null;
  lastDate: string | null;
}

/** Datasets with their record counts, kind and date range, in one pass over the metadata. */
export async function datasetOverview(store: DatasetStore): Promise<DatasetRow[]> {
  const [datasets, metadata] = await Promise.all([
    listDatasets(store, { counts: true }),
    readAllMetadata(store),
  ]);
  return datasets.map((dataset) => {
    const entry = metadata.get(dataset.name);
    const dates = Array.isArray(entry?.dates) ? (entry.dates as unknown[]).map(String).sort() : [];
    return {
      ...dataset,
      gridded: typeof entry?.gridded === 'boolean' ? entry.gridded : null,
      firstDate: dates[0] ?? null,
      lastDate: dates.at(-1) ?? null,
    };
  });
}

async function readAllMetadata(store: DatasetStore): Promise<Map<string, Record<string, unknown>>> {
  const entries = new Map<string, Record<string, unknown>>();
  for await (const document of store.scanDocuments(METADATA, ['gridded', 'dates'])) {
    entries.set(String(document._id), document);
  }
  return entries;
}
