import { isStale } from '../../journal.js';
import type { DatasetStore, JournalEntry } from '../../store.js';
import type { DatasetMetadata } from '../../metadata.js';
import { plural } from '../../text/plural.js';

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
  switch (recoveryWay(entry, metadataNow, prefer)) {
    case 'release-finished':
      // Everything was written; only the journal entry was left behind.
      if (entry.backup) await store.dropCollection(entry.backup);
      await store.release(name, entry.token);
      return {
        dataset: name,
        action: 'released',
        detail: `the ${entry.op} had finished; cleared its journal entry`,
        complete: true,
      };
    case 'release-unwritten':
      // Stopped before it knew what it would write: nothing was written.
      await store.release(name, entry.token);
      return { dataset: name, action: 'released', detail: 'the load had not written anything yet' };
    case 'finish-load':
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
    case 'undo-load':
      // A new dataset (staging set): nothing of this name existed before the load began.
      onStep({ detail: 'removing the partly loaded new dataset', done: 0, total: 0 });
      await store.dropCollection(entry.staging as string);
      // A committing load may already have renamed its staging collection into place.
      if (entry.state === 'committing') await store.dropCollection(name);
      await store.deleteCoordIndex(name);
      if (metadataNow) await store.deleteMetadata(name);
      await store.release(name, entry.token);
      return { dataset: name, action: 'undone', detail: 'removed the partly loaded new dataset' };
    case 'finish-append':
      await store.writeMetadata(entry.metadata as DatasetMetadata);
      if (entry.backup) await store.dropCollection(entry.backup);
      await store.release(name, entry.token);
      return {
        dataset: name,
        action: 'finished',
        detail: 'all data had been written; wrote the updated metadata',
      };
    case 'undo-append':
      return undoAppend(store, entry, onStep);
    case 'not-a-load':
      return { dataset: name, action: 'released', detail: `not a load (${entry.op})` };
  }
}

/** Which way recoverLoad goes, decided from the entry and the metadata before anything is touched. */
type RecoveryWay =
  | 'release-finished'
  | 'release-unwritten'
  | 'finish-load'
  | 'undo-load'
  | 'finish-append'
  | 'undo-append'
  | 'not-a-load';

function recoveryWay(
  entry: JournalEntry,
  metadataNow: DatasetMetadata | null,
  prefer: 'undo' | 'finish',
): RecoveryWay {
  if (wroteEverything(entry, metadataNow)) return 'release-finished';
  const finish =
    prefer === 'finish' && entry.state === 'committing' && entry.metadata !== undefined;
  if (entry.op === 'load') {
    if (!entry.staging) return 'release-unwritten';
    return finish ? 'finish-load' : 'undo-load';
  }
  if (entry.op === 'append') return finish ? 'finish-append' : 'undo-append';
  return 'not-a-load';
}

/**
 * What recoverLoad will do with this entry, said before it is done (the audit's repair
 * prompt): `metadataNow` is the dataset's metadata as stored now, as recoverLoad reads it.
 */
export function plannedRecovery(
  entry: JournalEntry,
  metadataNow: DatasetMetadata | null,
  prefer: 'undo' | 'finish',
): string {
  const name = `"${entry._id}"`;
  switch (recoveryWay(entry, metadataNow, prefer)) {
    case 'release-finished':
      return `clear the journal entry of the ${entry.op} of ${name}, which had written everything`;
    case 'release-unwritten':
      return `clear the journal entry of the load of ${name}, which had not written anything yet`;
    case 'finish-load':
      return `finish the load of ${name}, which had written all its data: move it into place and write its metadata`;
    case 'undo-load':
      return `remove the partly loaded new dataset ${name}`;
    case 'finish-append':
      return `finish the append to ${name}, which had written all its data: write its updated metadata`;
    case 'undo-append': {
      const { added, replaced } = appendedTimes(entry);
      const restore =
        entry.backup && entry.backedUp
          ? ` and restore the ${replaced.size} it replaced from their backup`
          : '';
      return `undo the append to ${name}: remove the ${plural(added.length, 'time')} it added${restore}${entry.previousMetadata ? ', and put its metadata back' : ''}`;
    }
    case 'not-a-load':
      return `nothing: not a load (${entry.op})`;
  }
}

/** An interrupted append's times: those it added, and those it replaced (by time). */
function appendedTimes(entry: JournalEntry): { added: Date[]; replaced: Set<number> } {
  const replaced = new Set((entry.replaced ?? []).map((time) => new Date(time).getTime()));
  const added = (entry.times ?? []).filter((time) => !replaced.has(new Date(time).getTime()));
  return { added, replaced };
}

/**
 * Undoes an interrupted append: times the dataset did not have are simply deleted. Replaced
 * times are touched only once their originals are safe in the backup (`backedUp`): before
 * that, they were not deleted.
 */
async function undoAppend(
  store: DatasetStore,
  entry: JournalEntry,
  onStep: (step: UndoStep) => void,
): Promise<Recovery> {
  const name = entry._id;
  const key = entry.timeKey ?? '_id';
  const { added } = appendedTimes(entry);
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
