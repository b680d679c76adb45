import { createHash } from 'node:crypto';
import { describeError, FluxError } from '../../errors.js';
import {
  HEARTBEAT_MS,
  isStale,
  JournalConflictError,
  newToken,
  ownerFields,
} from '../../journal.js';
import { boundingBox } from '../../mediators/metadata.js';
import type { DatasetState } from '../../mediators/types.js';
import { INTERNAL_PREFIX } from '../../names.js';
import type { DatasetStore, JournalEntry } from '../../store.js';
import type { ParameterStats } from '../../stats/index.js';
import type { FilePlan } from './plan.js';
import { pendingRecovery } from './pendingRecovery.js';
import { recoverLoad, type Recovery } from './recovery.js';
import { DatasetSummary } from './summary.js';
import { planTarget, type TargetPlan } from './target.js';
import { DEFAULT_WRITE_OPTIONS, writeInBatches, type WriteOptions } from './writer.js';

export type LoadProgress =
  | { phase: 'recovering'; detail: string }
  | {
      phase: 'writing';
      documents: number;
      totalDocuments: number;
      values: number;
      bytes: number;
      elapsedMs: number;
    }
  | { phase: 'statistics' }
  | { phase: 'committing' };

export interface ExecuteOptions {
  dryRun?: boolean;
  workers?: number;
  signal?: AbortSignal;
  onProgress?(progress: LoadProgress): void;
  /**
   * Called after each journaled step ("claim", "journal", "backup", "batch:N", "documents",
   * "coord_index", "committing", "rename", "metadata"): the crash tests stop the process here.
   */
  onStep?(step: string): void;
}

export interface LoadResult {
  dataset: string;
  mode: 'new' | 'append';
  dryRun: boolean;
  documents: number;
  values: number;
  written: { documents: number; values: number; bytes: number };
  skipped: string[];
  replaced: string[];
  metadata: Record<string, unknown>;
  recovered: Recovery | null;
  /**
   * A dry run on a dataset an interrupted earlier load or append left behind: what the real
   * run will recover before it starts (the dry run planned as if it had). Null otherwise.
   */
  pendingRecovery: string | null;
  elapsedMs: number;
}

/** Thrown from onStep to simulate a crash in-process: it skips the undo a failure gets. */
export class SimulatedStop extends Error {}

function stopPoint(options: ExecuteOptions, step: string): void {
  options.onStep?.(step);
}

/**
 * Writes a planned load. A new dataset is built in a staging collection and renamed into
 * place, then its coord_index and, last, its metadata are written; an append writes into the
 * dataset and recomputes its metadata. Each step is journaled so that a crash at any point is
 * undone by the next run (or finished or undone by `db -a --fix`); a failure here is undone
 * before the error is reported.
 */
export async function executeLoad(
  plan: FilePlan,
  store: DatasetStore,
  options: ExecuteOptions = {},
): Promise<LoadResult> {
  const started = Date.now();
  const name = plan.request.name;
  const policy = plan.request.existing ?? 'error';

  const request = loadFingerprint(plan);
  if (options.dryRun) {
    // What the real run would do, writing nothing: it would take over a dead run's lock and
    // undo its leftover first, so plan against the database as that undo would leave it.
    const pending = await pendingRecovery(store, name, request);
    const view = pending?.view ?? store;
    if (pending?.sameLoadFinished) {
      const done = await finishedResult(plan, store, pending.sameLoadFinished, null, started, true);
      return { ...done, pendingRecovery: pending.notice };
    }
    const target = await planTarget(plan, view, policy);
    const summary = await summarize(plan, target, view, null, null);
    const dryResult = result(
      plan,
      target,
      summary.metadata,
      null,
      { documents: 0, values: 0, bytes: 0 },
      summary,
      started,
      true,
    );
    return { ...dryResult, pendingRecovery: pending?.notice ?? null };
  }

  const token = newToken();
  const entry = (target: TargetPlan | null, state: JournalEntry['state']): JournalEntry => ({
    _id: name,
    op: target?.mode === 'append' ? 'append' : 'load',
    token,
    state,
    ...ownerFields(),
    startedAt: new Date(started),
    heartbeat: new Date(),
    request,
  });
  const { recovery: recovered, sameLoadFinished } = await claimTakingOverStale(
    store,
    entry(null, 'writing'),
  );
  if (sameLoadFinished) {
    // A run of this very load was killed after writing everything: it is done already.
    await store.release(name, token);
    return finishedResult(plan, store, sameLoadFinished, recovered, started, false);
  }
  stopPoint(options, 'claim');
  const heartbeat = setInterval(() => {
    store.updateClaim(name, token, { heartbeat: new Date() }).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let target: TargetPlan | null = null;
  let coordinatesWritten: Promise<unknown> = Promise.resolve(undefined);
  try {
    target = await planTarget(plan, store, policy);
    const journal = entry(target, 'writing');
    const staging = `${INTERNAL_PREFIX}stage_${token}`;
    const backup = target.replaced.length ? `${INTERNAL_PREFIX}backup_${token}` : undefined;
    await store.updateClaim(name, token, {
      op: journal.op,
      ...(target.mode === 'new'
        ? { staging }
        : {
            times: target.kept,
            timeKey: plan.mediator.timeKey,
            previousMetadata: target.previousMetadata,
            ...(backup ? { backup, replaced: target.replaced } : {}),
          }),
    });
    stopPoint(options, 'journal');
    if (backup) {
      await store.copyTimes(name, backup, plan.mediator.timeKey, target.replaced);
      // Only once the copies are complete may the originals go (the undo relies on it).
      await store.updateClaim(name, token, { backedUp: true });
      stopPoint(options, 'backup');
      await store.deleteTimes(name, plan.mediator.timeKey, target.replaced);
      stopPoint(options, 'replaced');
    }
    const destination = target.mode === 'new' ? staging : name;
    // A new dataset's coord_index goes in beside its documents rather than after them (it is
    // a large document, ~1 MB on a 1-degree grid): the journal already names the dataset, so
    // an undo removes it, and without metadata nothing presents the dataset as complete.
    if (target.mode === 'new' && plan.data.coordinates) {
      coordinatesWritten = settled(store.writeCoordIndex(name, plan.data.coordinates));
    }
    const builtSummary = new DatasetSummary(plan.data.parameters, plan.mediator.timeKey);
    const written = await writeDocuments(plan, target, store, destination, options, builtSummary);
    stopPoint(options, 'documents');
    options.onProgress?.({ phase: 'statistics' });
    const summary = await summarize(plan, target, store, destination, builtSummary);
    options.onProgress?.({ phase: 'committing' });
    await rethrow(coordinatesWritten);
    stopPoint(options, 'coord_index');
    await store.updateClaim(name, token, { state: 'committing', metadata: summary.metadata });
    stopPoint(options, 'committing');
    if (target.mode === 'new') await store.renameCollection(staging, name);
    stopPoint(options, 'rename');
    await store.writeMetadata(summary.metadata);
    stopPoint(options, 'metadata');
    if (backup) await store.dropCollection(backup);
    clearInterval(heartbeat);
    await store.release(name, token);
    return result(plan, target, summary.metadata, recovered, written, summary, started, false);
  } catch (error) {
    clearInterval(heartbeat);
    // A write in flight lands (as it would after a crash), and never after the undo below,
    // which removes the coord_index entry.
    await coordinatesWritten;
    if (error instanceof SimulatedStop) throw error;
    throw await undoAfterFailure(store, name, token, error);
  }
}

/** The plan of a load an earlier, interrupted run of it had already written in full. */
function finishedTarget(mode: 'new' | 'append'): TargetPlan {
  return { mode, previousMetadata: null, conflicts: [], kept: [], replaced: [], skipped: [] };
}

/** The result of a load an earlier run of it had finished: nothing (more) to write. */
async function finishedResult(
  plan: FilePlan,
  store: DatasetStore,
  mode: 'new' | 'append',
  recovered: Recovery | null,
  started: number,
  dryRun: boolean,
): Promise<LoadResult> {
  const metadata = (await store.readMetadata(plan.request.name)) ?? {};
  const nothing = { documents: 0, values: 0, bytes: 0 };
  const summary = { metadata, documents: 0, values: 0 };
  return result(plan, finishedTarget(mode), metadata, recovered, nothing, summary, started, dryRun);
}

/** A write that is waited for later: its failure is kept as a value, never left unhandled. */
function settled(write: Promise<void>): Promise<unknown> {
  return write.then(
    () => undefined,
    (error: unknown) => error ?? new Error('the write failed'),
  );
}

async function rethrow(outcome: Promise<unknown>): Promise<void> {
  const error = await outcome;
  if (error !== undefined) throw error;
}

/** Takes the dataset's lock; a lock left by a dead run is taken over after undoing its work. */
async function claimTakingOverStale(
  store: DatasetStore,
  entry: JournalEntry,
): Promise<{ recovery: Recovery | null; sameLoadFinished: 'new' | 'append' | null }> {
  try {
    await store.claim(entry);
    return { recovery: null, sameLoadFinished: null };
  } catch (error) {
    if (!(error instanceof JournalConflictError) || !isStale(error.holder)) throw error;
    const holder = error.holder;
    if (holder.op !== 'load' && holder.op !== 'append') throw error;
    const recovery = await recoverLoad(store, holder, 'undo');
    await store.claim(entry);
    const same = recovery.complete && holder.request === entry.request;
    return {
      recovery,
      sameLoadFinished: same ? (holder.op === 'append' ? 'append' : 'new') : null,
    };
  }
}

/** What identifies a load: the file, variable, model, mediator, config, overrides and times. */
function loadFingerprint(plan: FilePlan): string {
  const { request } = plan;
  return createHash('sha256')
    .update(
      JSON.stringify([
        request.path,
        request.name,
        plan.model.name,
        plan.mediator.name,
        plan.variable.name,
        plan.configFile,
        request.overrides ?? null,
        request.existing ?? 'error',
        plan.data.times.map((time) => time.getTime()),
        plan.data.documentCount,
      ]),
    )
    .digest('hex');
}

async function undoAfterFailure(
  store: DatasetStore,
  name: string,
  token: string,
  error: unknown,
): Promise<unknown> {
  try {
    const holder = await store.readClaim(name);
    if (!holder || holder.token !== token) return error; // not ours (we never held it, or lost it)
    await recoverLoad(store, holder, 'undo');
    return error;
  } catch (undoError) {
    const reason =
      error instanceof FluxError ? error.message : `the load failed: ${describeError(error)}`;
    return new FluxError(
      error instanceof FluxError ? error.kind : 'connection',
      `${reason}; the partial load could not be undone (${describeError(undoError)}): run \`flux-manage db -a --fix\` once the server is reachable, or re-run the load`,
    );
  }
}

async function writeDocuments(
  plan: FilePlan,
  target: TargetPlan,
  store: DatasetStore,
  destination: string,
  options: ExecuteOptions,
  summary: DatasetSummary,
) {
  const kept = new Set(target.kept.map((time) => time.getTime()));
  const keep = target.skipped.length ? (time: Date) => kept.has(time.getTime()) : undefined;
  const totalDocuments =
    plan.mediator.timeKey === '_id' ? target.kept.length : plan.data.documentCount;
  const started = Date.now();
  let progress = { documents: 0, values: 0, bytes: 0 };
  let batches = 0;
  const writeOptions: WriteOptions = {
    ...DEFAULT_WRITE_OPTIONS,
    workers: options.workers ?? DEFAULT_WRITE_OPTIONS.workers,
    ...(options.signal ? { signal: options.signal } : {}),
    onBuilt: (built) => summary.addBuilt(built),
    onWritten(documents, values, bytes) {
      progress = {
        documents: progress.documents + documents,
        values: progress.values + values,
        bytes: progress.bytes + bytes,
      };
      options.onProgress?.({
        phase: 'writing',
        ...progress,
        totalDocuments,
        elapsedMs: Date.now() - started,
      });
      batches++;
      options.onStep?.(`batch:${batches}`);
    },
  };
  options.onProgress?.({ phase: 'writing', ...progress, totalDocuments, elapsedMs: 0 });
  return writeInBatches(
    plan.data.documents(keep),
    (documents) => store.insertDocuments(destination, documents),
    writeOptions,
  );
}

interface Summarized {
  metadata: Record<string, unknown>;
  documents: number;
  values: number;
}

/**
 * The dataset's metadata after the load. A new dataset is summarised from the documents as
 * they were built (`built`, fed during the write; a dry run builds them once more); an
 * append reads the whole dataset back, since its dates and statistics cover every document.
 */
async function summarize(
  plan: FilePlan,
  target: TargetPlan,
  store: DatasetStore,
  writtenTo: string | null,
  built: DatasetSummary | null,
): Promise<Summarized> {
  const { mediator, data, config, request } = plan;
  let summary = built ?? new DatasetSummary(data.parameters, mediator.timeKey);
  let values = 0;
  if (!built) {
    const kept = new Set(target.kept.map((time) => time.getTime()));
    for await (const document of data.documents((time) => kept.has(time.getTime()))) {
      summary.addBuilt(document);
      values += document.valueCount;
    }
  }
  // The documents this load writes (an append's summary goes on to count the stored ones).
  const documents = summary.documents;
  if (target.mode === 'append') {
    // Every stored document counts: after a write, the dataset holds the new ones too; in a
    // dry run, the stored ones (minus those this load would replace) join the built ones.
    if (built) summary = new DatasetSummary(data.parameters, mediator.timeKey);
    const replaced = new Set(target.replaced.map((time) => time.getTime()));
    const timeField = mediator.timeKey === 'timestamp' ? 'timestamp' : '_id';
    for await (const document of store.scanDocuments(request.name, [])) {
      const time = document[timeField];
      if (writtenTo === null && time instanceof Date && replaced.has(time.getTime())) continue;
      summary.addStored(document);
    }
  }
  const rescanFrom = writtenTo ?? request.name;
  const stats = await summary.statistics(() => store.scanDocuments(rescanFrom, []));
  const bbox =
    mediator.timeKey === 'timestamp'
      ? summary.boundingBox()
      : data.coordinates
        ? boundingBox(data.coordinates)
        : undefined;
  const state: DatasetState = {
    name: request.name,
    config,
    times: summary.allTimes(),
    spanOf: (time) => summary.spanOf(time),
    ...(bbox !== undefined ? { bbox } : {}),
    stats: stats as unknown as Record<string, Record<string, number | null>>,
    ...(data.metadataExtra ? { extra: data.metadataExtra } : {}),
  };
  return { metadata: mediator.metadata(state), documents, values };
}

function result(
  plan: FilePlan,
  target: TargetPlan,
  metadata: Record<string, unknown>,
  recovered: Recovery | null,
  written: { documents: number; values: number; bytes: number },
  summary: Summarized,
  started: number,
  dryRun: boolean,
): LoadResult {
  return {
    dataset: plan.request.name,
    mode: target.mode,
    dryRun,
    documents: dryRun ? summary.documents : written.documents,
    values: dryRun ? summary.values : written.values,
    written,
    skipped: target.skipped.map((time) => time.toISOString()),
    replaced: target.replaced.map((time) => time.toISOString()),
    metadata,
    recovered,
    pendingRecovery: null,
    elapsedMs: Date.now() - started,
  };
}

export type { ParameterStats };
