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
  const datasets = datasetsAmong(names, claims);
  return options.counts ? withRecordCounts(store, datasets) : datasets;
}

/** The datasets among these collection names, in order, each with what holds it if anything. */
export function datasetsAmong(
  names: readonly string[],
  claims: readonly JournalEntry[],
): DatasetSummary[] {
  const held = new Map<string, JournalEntry>(claims.map((entry) => [entry._id, entry]));
  return names
    .filter((name) => collectionRole(name) === 'dataset')
    .filter((name) => !(held.get(name)?.op === 'load' && held.get(name)?.staging))
    .sort(compareNames)
    .map((name) => {
      const entry = held.get(name);
      return entry
        ? { name, interrupted: `${entry.op} in progress or interrupted: see \`flux-manage db -a\`` }
        : { name };
    });
}

/**
 * The datasets with their record counts: `known` gives a count that still holds (the caller
 * knows the dataset has not changed), and every other dataset is counted on the server.
 */
export function withRecordCounts(
  store: CollectionStore,
  datasets: readonly DatasetSummary[],
  known: (dataset: DatasetSummary) => number | undefined = () => undefined,
): Promise<DatasetSummary[]> {
  return mapConcurrent(datasets, COUNT_CONCURRENCY, async (dataset) => ({
    name: dataset.name,
    records: known(dataset) ?? (await store.recordCount(dataset.name)),
    ...(dataset.interrupted ? { interrupted: dataset.interrupted } : {}),
  }));
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

/** A metadata document as `db -n NAME` prints it, and the terminal UI shows it whole. */
export function metadataText(metadata: Record<string, unknown>): string {
  return JSON.stringify(metadata, null, 2);
}
