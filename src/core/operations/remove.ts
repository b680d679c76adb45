import { FluxError } from '../errors.js';
import { isStale, JournalConflictError, runFields, whileAlive } from '../journal.js';
import { collectionRole, geometryCollectionOf, RESERVED_NAMES } from '../names.js';
import type { DatasetStore, JournalEntry } from '../store.js';
import { listDatasets, NotFoundError } from './listDatasets.js';

export interface RemoveResult {
  dataset: string;
  removed: { data: boolean; metadata: boolean; coordIndex: boolean; geometry: boolean };
}

/** What exists of a dataset, for the confirmation and the not-found message. */
export async function datasetParts(store: DatasetStore, name: string) {
  const [data, metadata, coordIndex, geometry] = await Promise.all([
    store.collectionExists(name),
    store.readMetadata(name).then(Boolean),
    store.coordIndexExists(name),
    store.collectionExists(geometryCollectionOf(name)),
  ]);
  return { data, metadata, coordIndex, geometry };
}

/**
 * `remove -n NAME`: the dataset, its metadata, coord_index entry and `_geom_NAME` cache. The
 * metadata goes first, so the web client stops offering the dataset before its data goes; a
 * removal cut short is finished by running it again or by `db -a --fix`.
 */
export async function removeDataset(store: DatasetStore, name: string): Promise<RemoveResult> {
  if (RESERVED_NAMES.includes(name) || collectionRole(name) !== 'dataset') {
    throw new FluxError(
      'input',
      `"${name}" is not a dataset (reserved, internal or a geometry cache) and cannot be removed`,
    );
  }
  const parts = await datasetParts(store, name);
  if (!Object.values(parts).some(Boolean)) {
    const existing = (await listDatasets(store, { counts: false })).map((dataset) => dataset.name);
    throw new NotFoundError(
      `Collection ID "${name}" does not exist. Existing collections include: ${existing.length ? existing.join(', ') : '(none)'}`,
    );
  }
  const entry: JournalEntry = {
    _id: name,
    op: 'remove',
    state: 'committing',
    ...runFields(),
  };
  // Alive from before its claim until its last drop (a large collection takes a while).
  await whileAlive(store, [name], entry.token, async () => {
    try {
      await store.claim(entry);
    } catch (error) {
      if (!(error instanceof JournalConflictError) || !isStale(error.holder)) throw error;
      // A dead run held it; removing undoes a dead load as well as finishing a dead removal.
      if (!(await store.takeOver(error.holder.token, entry))) throw error;
      if (error.holder.staging) await store.dropCollection(error.holder.staging);
      if (error.holder.backup) await store.dropCollection(error.holder.backup);
    }
    await removeParts(store, name);
    await store.release(name, entry.token);
  });
  return { dataset: name, removed: parts };
}

async function removeParts(store: DatasetStore, name: string): Promise<void> {
  await store.deleteMetadata(name);
  await store.deleteCoordIndex(name);
  await store.deleteStatsSketch(name);
  await store.dropCollection(name);
  await store.dropCollection(geometryCollectionOf(name));
}

/** What finishRemove will do, said before it is done (the audit's repair prompt). */
export function plannedFinishRemove(entry: JournalEntry): string {
  return `finish removing "${entry._id}": drop what is left of its data, metadata, coord_index, statistics and geometry cache`;
}

/** Finishes a removal whose process died (`db -a --fix`). */
export async function finishRemove(store: DatasetStore, entry: JournalEntry): Promise<string> {
  await removeParts(store, entry._id);
  await store.release(entry._id, entry.token);
  return `finished removing "${entry._id}"`;
}
