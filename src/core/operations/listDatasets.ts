import { collectionRole } from '../names.js';
import type { DatasetStore } from '../store.js';
import { mapConcurrent } from '../util/concurrency.js';

export interface DatasetSummary {
  name: string;
  records?: number;
}

const COUNT_CONCURRENCY = 16;

/** The datasets in the database (never reserved, geometry, internal or system collections). */
export async function listDatasets(
  store: DatasetStore,
  options: { counts: boolean },
): Promise<DatasetSummary[]> {
  const names = (await store.collectionNames())
    .filter((name) => collectionRole(name) === 'dataset')
    .sort(compareNames);
  if (!options.counts) return names.map((name) => ({ name }));
  return mapConcurrent(names, COUNT_CONCURRENCY, async (name) => ({
    name,
    records: await store.recordCount(name),
  }));
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
