import { FluxError } from '../errors.js';
import { collectionRole } from '../names.js';
import type { CatalogStore, CollectionStore, JournalEntry, JournalStore } from '../store.js';
import { mapConcurrent } from '../util/concurrency.js';

export interface DatasetSummary {
  name: string;
  records?: number;
  /** Set when an operation holds the dataset, or died holding it (see `db -a`). */
  interrupted?: string;
}

const COUNT_CONCURRENCY = 16;

/**
 * The datasets in the database: never reserved, geometry, internal or system collections, and
 * never a new dataset whose load has not finished (it is not complete until its metadata is
 * written; `db -a` reports it).
 */
export async function listDatasets(
  store: CollectionStore & JournalStore,
  options: { counts: boolean },
): Promise<DatasetSummary[]> {
  const [names, claims] = await Promise.all([store.collectionNames(), store.listClaims()]);
  const held = new Map<string, JournalEntry>(claims.map((entry) => [entry._id, entry]));
  const datasets = names
    .filter((name) => collectionRole(name) === 'dataset')
    .filter((name) => !(held.get(name)?.op === 'load' && held.get(name)?.staging))
    .sort(compareNames);
  return mapConcurrent(datasets, COUNT_CONCURRENCY, async (name) => {
    const entry = held.get(name);
    return {
      name,
      ...(options.counts ? { records: await store.recordCount(name) } : {}),
      ...(entry
        ? { interrupted: `${entry.op} in progress or interrupted: see \`flux-manage db -a\`` }
        : {}),
    };
  });
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function listMetadataIds(store: CatalogStore): Promise<string[]> {
  return (await store.listMetadataIds()).sort(compareNames);
}

export async function listCoordIndexIds(store: CatalogStore): Promise<string[]> {
  return (await store.listCoordIndexIds()).sort(compareNames);
}

export class NotFoundError extends FluxError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** The metadata document of one dataset (`db -n NAME`). */
export async function showMetadata(
  store: CatalogStore,
  name: string,
): Promise<Record<string, unknown>> {
  const metadata = await store.readMetadata(name);
  if (!metadata) {
    throw new NotFoundError(
      `Metadata for collection ID "${name}" not found. To view a list of collection IDs having metadata, use: flux-manage db -l metadata`,
    );
  }
  return metadata;
}
