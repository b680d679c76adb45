import { isStale } from '../../journal.js';
import type { DatasetStore, JournalEntry } from '../../store.js';
import type { DatasetMetadata } from '../../metadata.js';

/** What recovering an interrupted operation did, in words for the audit and the operator. */
export interface Recovery {
  dataset: string;
  action: 'undone' | 'finished' | 'released';
  detail: string;
  /** The interrupted operation had written everything (only its journal entry was left). */
  complete?: boolean;
}

/** Where an undo is: what it does now, and how far (`total` 0 when it cannot be counted). */
export interface UndoStep {
  detail: string;
  done: number;
  total: number;
}

/**
 * Undoes an interrupted load or append, or finishes one that had written everything
 * (`finish`: `db -a --fix` rolls a committing load forward; a re-run prefers to undo, so that
 * it stores exactly what an uninterrupted run stores). `onStep` hears what the undo does, as
 * it goes: restoring replaced times can take a while.
 */
export async function recoverLoad(
  store: DatasetStore,
  entry: JournalEntry,
  prefer: 'undo' | 'finish',
  onStep: (step: UndoStep) => void = () => undefined,
): Promise<Recovery> {
  const name = entry._id;
  const metadataNow = await store.readMetadata(name);
  const committed = entry.state === 'committing' && entry.metadata !== undefined;

  if (wroteEverything(entry, metadataNow)) {
    // Everything was written; only the journal entry was left behind.
    if (entry.backup) await store.dropCollection(entry.backup);
    await store.release(name, entry.token);
    return {
      dataset: name,
      action: 'released',
      detail: `the ${entry.op} had finished; cleared its journal entry`,
      complete: true,
    };
  }

  if (entry.op === 'load' && !entry.staging) {
    // Stopped before it knew what it would write: nothing was written.
    await store.release(name, entry.token);
    return { dataset: name, action: 'released', detail: 'the load had not written anything yet' };
  }

  if (entry.op === 'load') {
    if (committed && prefer === 'finish') {
      if (
        entry.staging &&
        (await store.collectionExists(entry.staging)) &&
        !(await store.collectionExists(name))
      ) {
        await store.renameCollection(entry.staging, name);
      }
      await store.writeMetadata(entry.metadata as DatasetMetadata);
      await store.release(name, entry.token);
      return {
        dataset: name,
        action: 'finished',
        detail: 'all data had been written; moved it into place and wrote its metadata',
      };
    }
    // A new dataset (staging set): nothing of this name existed before the load began.
    onStep({ detail: 'removing the partly loaded new dataset', done: 0, total: 0 });
    await store.dropCollection(entry.staging as string);
    // A committing load may already have renamed its staging collection into place.
    if (entry.state === 'committing') await store.dropCollection(name);
    await store.deleteCoordIndex(name);
    if (metadataNow) await store.deleteMetadata(name);
    await store.release(name, entry.token);
    return { dataset: name, action: 'undone', detail: 'removed the partly loaded new dataset' };
  }

  if (entry.op === 'append') {
    if (committed && prefer === 'finish') {
      await store.writeMetadata(entry.metadata as DatasetMetadata);
      if (entry.backup) await store.dropCollection(entry.backup);
      await store.release(name, entry.token);
      return {
        dataset: name,
        action: 'finished',
        detail: 'all data had been written; wrote the updated metadata',
      };
    }
    // Times the dataset did not have are simply deleted. Replaced times are touched only once
    // their originals are safe in the backup (`backedUp`): before that, they were not deleted.
    const key = entry.timeKey ?? '_id';
    const replaced = new Set((entry.replaced ?? []).map((time) => new Date(time).getTime()));
    const added = (entry.times ?? []).filter((time) => !replaced.has(new Date(time).getTime()));
    onStep({ detail: `removing the ${added.length} appended times`, done: 0, total: 0 });
    let removed = await store.deleteTimes(name, key, added);
    let restored = 0;
    if (entry.backup && !entry.backedUp) await store.dropCollection(entry.backup);
    if (entry.backup && entry.backedUp && (await store.collectionExists(entry.backup))) {
      removed += await store.deleteTimes(name, key, entry.replaced ?? []);
      // A grid has one document a time; observations of a time cannot be counted beforehand.
      const total = key === '_id' ? (entry.replaced ?? []).length : 0;
      const restoring = (done: number) =>
        onStep({ detail: 'restoring the replaced times from their backup', done, total });
      restoring(0);
      let batch: Record<string, unknown>[] = [];
      for await (const document of store.scanDocuments(entry.backup, [])) {
        batch.push(document);
        if (batch.length >= 100) {
          await store.insertDocuments(name, batch);
          restored += batch.length;
          restoring(restored);
          batch = [];
        }
      }
      await store.insertDocuments(name, batch);
      restored += batch.length;
      restoring(restored);
      await store.dropCollection(entry.backup);
    }
    if (entry.previousMetadata) await store.writeMetadata(entry.previousMetadata);
    await store.release(name, entry.token);
    return {
      dataset: name,
      action: 'undone',
      detail: `removed ${removed} appended documents${restored ? ` and restored ${restored} replaced ones` : ''}`,
    };
  }
  return { dataset: name, action: 'released', detail: `not a load (${entry.op})` };
}

/**
 * Whether an interrupted load or append had written everything, its metadata last (so only
 * its journal entry is left): `metadataNow` is the dataset's metadata as stored now.
 */
export function wroteEverything(entry: JournalEntry, metadataNow: DatasetMetadata | null): boolean {
  return (
    entry.state === 'committing' &&
    entry.metadata !== undefined &&
    metadataNow !== null &&
    sameMetadata(metadataNow, entry.metadata)
  );
}

/** Metadata documents compared field by field as the store returns them. */
function sameMetadata(a: DatasetMetadata, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export { isStale };
