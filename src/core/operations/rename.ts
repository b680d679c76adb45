import { FluxError } from '../errors.js';
import { isStale, JournalConflictError, runFields, whileAlive } from '../journal.js';
import { assertDatasetName, collectionRole, geometryCollectionOf } from '../names.js';
import type { DatasetStore, JournalEntry } from '../store.js';
import { datasetParts } from './remove.js';
import { NotFoundError } from './listDatasets.js';

export const RENAME_STEPS = ['data', 'geometry', 'entries'] as const;
export type RenameStep = (typeof RENAME_STEPS)[number];

export interface RenameOptions {
  /** Called after each step ("claim", then RENAME_STEPS): the crash tests stop the process here. */
  onStep?(step: RenameStep | 'claim'): void;
}

/** Thrown from onStep to simulate a crash in-process. */
export class RenameStopped extends Error {}

export interface RenameResult {
  from: string;
  to: string;
  /** Whether the metadata and coord_index entries moved in one transaction. */
  transaction: boolean;
}

/**
 * `rename -n NAME -r NEW`: the data collection, the `_geom_` cache, and the metadata and
 * coord_index entries move together. Both names are held in the journal for the whole
 * operation, and every step can be repeated, so an interrupted rename is finished (never
 * half-undone) by `db -a --fix` or by running the same rename again. Nothing is copied
 * wholesale: collections are renamed in place and only the two entries are rewritten.
 */
export async function renameDataset(
  store: DatasetStore,
  from: string,
  to: string,
  options: RenameOptions = {},
): Promise<RenameResult> {
  if (collectionRole(from) !== 'dataset')
    throw new FluxError('input', `"${from}" is not a dataset and cannot be renamed`);
  assertDatasetName(to, 'new dataset name');
  if (from === to) throw new FluxError('input', `"${from}" already has that name`);

  const run = runFields();
  // Alive from before its claims until its last step: it never looks dead while it works.
  return whileAlive(store, [from, to], run.token, () => renameRun(store, from, to, options, run));
}

async function renameRun(
  store: DatasetStore,
  from: string,
  to: string,
  options: RenameOptions,
  run: ReturnType<typeof runFields>,
): Promise<RenameResult> {
  const { token } = run;
  const base = { ...run, state: 'committing' as const, steps: [] };
  const source: JournalEntry = { _id: from, op: 'rename-source', partner: to, ...base };
  const target: JournalEntry = { _id: to, op: 'rename-target', partner: from, ...base };
  const resumed = await claimPair(store, source, target);
  if (resumed) return resumed;

  try {
    const [sourceParts, targetParts] = await Promise.all([
      datasetParts(store, from),
      datasetParts(store, to),
    ]);
    if (!sourceParts.data) throw new NotFoundError(`Collection ID "${from}" does not exist`);
    if (Object.values(targetParts).some(Boolean)) {
      const what = Object.entries(targetParts)
        .filter(([, exists]) => exists)
        .map(([part]) => part)
        .join(', ');
      throw new FluxError(
        'conflict',
        `"${to}" already exists (${what}); remove it first or choose another name`,
      );
    }
  } catch (error) {
    await store.release(from, token);
    await store.release(to, token);
    throw error;
  }
  options.onStep?.('claim');
  const transaction = await runSteps(store, source, options);
  return { from, to, transaction };
}

/** Claims both names; a dead rename of the same pair is finished instead (and reported). */
async function claimPair(
  store: DatasetStore,
  source: JournalEntry,
  target: JournalEntry,
): Promise<RenameResult | null> {
  try {
    await store.claim(source);
  } catch (error) {
    if (!(error instanceof JournalConflictError) || !isStale(error.holder)) throw error;
    const holder = error.holder;
    if (holder.op === 'rename-source' && holder.partner === target._id) {
      await finishRename(store, holder);
      return { from: source._id, to: target._id, transaction: false };
    }
    throw error;
  }
  try {
    await store.claim(target);
  } catch (error) {
    await store.release(source._id, source.token);
    throw error;
  }
  return null;
}

async function runSteps(
  store: DatasetStore,
  source: JournalEntry,
  options: RenameOptions,
): Promise<boolean> {
  const from = source._id;
  const to = source.partner as string;
  const done = new Set(source.steps ?? []);
  let transaction = false;
  for (const step of RENAME_STEPS) {
    if (!done.has(step)) {
      if (step === 'data') await moveCollection(store, from, to);
      if (step === 'geometry')
        await moveCollection(store, geometryCollectionOf(from), geometryCollectionOf(to));
      if (step === 'entries') transaction = (await store.moveEntries(from, to)).transaction;
      done.add(step);
      await store.updateClaim(from, source.token, { steps: [...done] });
    }
    options.onStep?.(step);
  }
  await store.release(to, source.token);
  await store.release(from, source.token);
  return transaction;
}

/** Renames a collection if it is still under its old name (a repeated step does nothing). */
async function moveCollection(store: DatasetStore, from: string, to: string): Promise<void> {
  if ((await store.collectionExists(from)) && !(await store.collectionExists(to)))
    await store.renameCollection(from, to);
}

/**
 * What finishRename will do, said before it is done (the audit's repair prompt): `sourceHeld`
 * is whether the journal still holds the rename's source (it goes last).
 */
export function plannedFinishRename(entry: JournalEntry, sourceHeld: boolean): string {
  if (entry.op === 'rename-source') return `finish renaming "${entry._id}" to "${entry.partner}"`;
  // The source's entry, when it is there, is the same rename: whichever is repaired first
  // finishes it, and the other only clears what is left.
  return sourceHeld
    ? `finish renaming "${entry.partner}" to "${entry._id}" (the same rename as the entry of "${entry.partner}")`
    : `clear the journal entry of the finished rename to "${entry._id}"`;
}

/**
 * Completes a rename whose process died. Every step checks where things are before acting,
 * so it is safe whichever step the rename stopped at.
 */
export async function finishRename(store: DatasetStore, entry: JournalEntry): Promise<string> {
  const source =
    entry.op === 'rename-source' ? entry : await store.readClaim(entry.partner as string);
  if (!source || source.op !== 'rename-source') {
    // Only the target half is left: the source had finished and released.
    await store.release(entry._id, entry.token);
    return `cleared the journal entry of an already finished rename to "${entry._id}"`;
  }
  const target = await store.readClaim(source.partner as string);
  const fresh: JournalEntry = { ...source, steps: [] };
  await store.updateClaim(source._id, source.token, { steps: [] });
  if (!target)
    await store.claim({
      ...source,
      _id: source.partner as string,
      op: 'rename-target',
      partner: source._id,
    });
  await runSteps(store, fresh, {});
  return `finished renaming "${source._id}" to "${source.partner}"`;
}
