import { createHash } from 'node:crypto';
import type { DataWarning } from '../../checks/index.js';
import { describeError, FluxError } from '../../errors.js';
import { isStale, JournalConflictError, runFields, whileAlive } from '../../journal.js';
import { INTERNAL_PREFIX } from '../../names.js';
import type { DatasetStore, JournalEntry } from '../../store.js';
import { settle, unwrap, type Settled } from '../../util/settle.js';
import { dryRunLoad } from './dryRun.js';
import type { FilePlan } from './plan.js';
import { recoverLoad, type Recovery, type UndoStep } from './recovery.js';
import { finishedResult, loadResult, type LoadResult } from './result.js';
import { keepSketch } from './sketch.js';
import { StoredDatasetCache } from './storedDataset.js';
import { summarizeAppend, summarizeNew } from './summarize.js';
import { DatasetSummary } from './summary.js';
import { planTarget, type TargetPlan } from './target.js';
import {
  DEFAULT_WRITE_OPTIONS,
  throwIfCancelled,
  writeInBatches,
  type WriteOptions,
} from './writer.js';

export type { LoadResult };

/**
 * What a load is doing, as it goes. `sinceStartMs` counts from the start of the run, through
 * every phase; a writing phase's `elapsedMs` counts its own time (its rates come from it).
 */
export type LoadProgress = { sinceStartMs: number } & LoadPhase;

/** A phase of a load, and its own figures. */
export type LoadPhase =
  | { phase: 'recovering'; detail: string }
  | { phase: 'backing-up'; copied: number; total: number }
  | { phase: 'removing-replaced'; total: number }
  | {
      phase: 'writing';
      documents: number;
      totalDocuments: number;
      values: number;
      bytes: number;
      elapsedMs: number;
    }
  | { phase: 'statistics' }
  | { phase: 'committing' }
  | ({ phase: 'undoing' } & UndoStep);

export interface ExecuteOptions {
  dryRun?: boolean;
  workers?: number;
  signal?: AbortSignal;
  onProgress?(progress: LoadProgress): void;
  /** --strict: refuse a load the data checks warn about, writing nothing. */
  strict?: boolean;
  /** Hears the data checks' warnings once they are known (before a --strict refusal). */
  onDataWarnings?(warnings: DataWarning[]): void;
  /**
   * Called after each journaled step ("claim", "journal", "backup", "batch:N", "documents",
   * "coord_index", "committing", "rename", "metadata"): the crash tests stop the process here.
   */
  onStep?(step: string): void;
}

/** Thrown from onStep to simulate a crash in-process: it skips the undo a failure gets. */
export class SimulatedStop extends Error {}

function stopPoint(options: ExecuteOptions, step: string): void {
  options.onStep?.(step);
}

/**
 * Writes a planned load (or, with `dryRun`, says what it would write: dryRun.ts). A new
 * dataset is built in a staging collection and renamed into place, then its coord_index and,
 * last, its metadata are written; an append writes into the dataset and recomputes its
 * metadata. Each step is journaled so that a crash at any point is undone by the next run (or
 * finished or undone by `db -a --fix`); a failure here is undone before the error is reported.
 * The steps below are in the order they run, each named by its stop point.
 */
export async function executeLoad(
  plan: FilePlan,
  store: DatasetStore,
  options: ExecuteOptions = {},
): Promise<LoadResult> {
  const fingerprint = loadFingerprint(plan);
  if (options.dryRun) {
    const result = await dryRunLoad(plan, store, fingerprint);
    decideWarnings(plan, result.warnings, options);
    return result;
  }
  const run = runFields();
  // Alive from before its claim until after its undo: it never looks dead while it works.
  return whileAlive(store, [plan.request.name], run.token, () =>
    writeLoad(plan, store, options, fingerprint, run),
  );
}

async function writeLoad(
  plan: FilePlan,
  store: DatasetStore,
  options: ExecuteOptions,
  fingerprint: string,
  run: ReturnType<typeof runFields>,
): Promise<LoadResult> {
  const started = Date.now();
  const report = (phase: LoadPhase) =>
    options.onProgress?.({ ...phase, sinceStartMs: Date.now() - started });
  const name = plan.request.name;
  const policy = plan.request.existing ?? 'error';
  const { token } = run;
  const entry = (target: TargetPlan | null, state: JournalEntry['state']): JournalEntry => ({
    _id: name,
    op: target?.mode === 'append' ? 'append' : 'load',
    state,
    ...run,
    startedAt: new Date(started),
    request: fingerprint,
  });

  // claim: the dataset's lock (a dead run's is taken over once its leftover is undone).
  const { recovery: recovered, sameLoadFinished } = await claimTakingOverStale(
    store,
    entry(null, 'writing'),
    (step) => report({ phase: 'recovering', detail: step.detail }),
  );
  if (sameLoadFinished) {
    // A run of this very load was killed after writing everything: it is done already.
    await store.release(name, token);
    return finishedResult(
      plan,
      store,
      { mode: sameLoadFinished, started, dryRun: false },
      recovered,
    );
  }
  stopPoint(options, 'claim');
  let target: TargetPlan | null = null;
  let coordinatesWritten: Promise<Settled<void>> = settle(Promise.resolve());
  try {
    // journal: what the undo needs, before anything is written.
    const stored = new StoredDatasetCache(plan, store, false);
    target = await planTarget(plan, store, policy, stored);
    // --strict: the checks decide before the first insert, from the documents built once more.
    if (options.strict) {
      const tally = { tally: plan.checks.tally };
      for await (const built of plan.data.documents(keptFilter(target), tally))
        plan.checks.add(built);
      decideWarnings(plan, plan.checks.warnings(), options);
    }
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

    // backup, replaced: the times an append overwrites, copied aside, then deleted.
    if (backup) {
      const total = target.replaced.length;
      report({ phase: 'backing-up', copied: 0, total });
      // A cancel stops the copy between batches (the undo drops a backup not yet complete).
      await store.copyTimes(name, backup, plan.mediator.timeKey, target.replaced, (copied) => {
        throwIfCancelled(options.signal);
        report({ phase: 'backing-up', copied, total });
      });
      throwIfCancelled(options.signal);
      // Only once the copies are complete may the originals go (the undo relies on it).
      await store.updateClaim(name, token, { backedUp: true });
      stopPoint(options, 'backup');
      report({ phase: 'removing-replaced', total });
      await store.deleteTimes(name, plan.mediator.timeKey, target.replaced);
      stopPoint(options, 'replaced');
    }

    // batch:N, documents: the documents, into staging (new) or the dataset (append).
    const destination = target.mode === 'new' ? staging : name;
    // A new dataset's coord_index goes in beside its documents rather than after them (it is
    // a large document, ~1 MB on a 1-degree grid): the journal already names the dataset, so
    // an undo removes it, and without metadata nothing presents the dataset as complete.
    if (target.mode === 'new' && plan.data.coordinates) {
      coordinatesWritten = settle(store.writeCoordIndex(name, plan.data.coordinates));
    }
    const builtSummary = new DatasetSummary(plan.data.parameters, plan.mediator);
    // An append's statistics cover the documents already stored (docs/loading.md).
    const storedSummary = target.mode === 'append' ? await stored.summary(target) : null;
    const written = await writeDocuments(plan, target, store, destination, {
      ...options,
      report,
      summary: builtSummary,
    });
    stopPoint(options, 'documents');
    const warnings = plan.checks.warnings();
    if (!options.strict) decideWarnings(plan, warnings, options);
    report({ phase: 'statistics' });
    const summary =
      storedSummary === null
        ? await summarizeNew(plan, target, {
            summary: builtSummary,
            store,
            collection: destination,
          })
        : await summarizeAppend(plan, store, builtSummary, await storedSummary());

    // coord_index, committing, rename, metadata: the dataset appears complete only at the end.
    report({ phase: 'committing' });
    await unwrap(coordinatesWritten);
    stopPoint(options, 'coord_index');
    await store.updateClaim(name, token, { state: 'committing', metadata: summary.metadata });
    stopPoint(options, 'committing');
    if (target.mode === 'new') await store.renameCollection(staging, name);
    stopPoint(options, 'rename');
    await store.writeMetadata(summary.metadata);
    stopPoint(options, 'metadata');

    // Then what only saves work later: the sketch, the backup gone, the lock released.
    await keepSketch(store, {
      name,
      whole: summary.whole,
      metadata: summary.metadata,
      coordinates: plan.data.coordinates,
    });
    if (backup) await store.dropCollection(backup);
    await store.release(name, token);
    return loadResult({
      plan,
      target,
      metadata: summary.metadata,
      started,
      recovered,
      written,
      warnings,
    });
  } catch (error) {
    // A write in flight lands (as it would after a crash), and never after the undo below,
    // which removes the coord_index entry.
    await coordinatesWritten;
    if (error instanceof SimulatedStop) throw error;
    throw await undoAfterFailure(store, name, token, error, (step) =>
      report({ phase: 'undoing', ...step }),
    );
  }
}

/** Takes the dataset's lock; a lock left by a dead run is taken over after undoing its work. */
async function claimTakingOverStale(
  store: DatasetStore,
  entry: JournalEntry,
  onUndo: (step: UndoStep) => void,
): Promise<{ recovery: Recovery | null; sameLoadFinished: 'new' | 'append' | null }> {
  try {
    await store.claim(entry);
    return { recovery: null, sameLoadFinished: null };
  } catch (error) {
    if (!(error instanceof JournalConflictError) || !isStale(error.holder)) throw error;
    const holder = error.holder;
    if (holder.op !== 'load' && holder.op !== 'append') throw error;
    const recovery = await recoverLoad(store, holder, 'undo', onUndo);
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
  onUndo: (step: UndoStep) => void,
): Promise<unknown> {
  try {
    const holder = await store.readClaim(name);
    if (!holder || holder.token !== token) return error; // not ours (we never held it, or lost it)
    await recoverLoad(store, holder, 'undo', onUndo);
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

/** The times a load writes, when it leaves some out. */
function keptFilter(target: TargetPlan): ((time: Date) => boolean) | undefined {
  const kept = new Set(target.kept.map((time) => time.getTime()));
  return target.skipped.length ? (time: Date) => kept.has(time.getTime()) : undefined;
}

/**
 * The data checks' warnings, once known: heard by `onDataWarnings`; with --strict, any
 * refuses the load (a `data` error; the caller writes nothing, or undoes its claim).
 */
function decideWarnings(plan: FilePlan, warnings: DataWarning[], options: ExecuteOptions): void {
  options.onDataWarnings?.(warnings);
  if (!options.strict || warnings.length === 0) return;
  const [first] = warnings;
  throw new FluxError(
    'data',
    `${plan.file.name}: --strict refuses a load with data warnings (${warnings.length}; the first: ${first?.check}: ${first?.message}); nothing was written`,
  );
}

async function writeDocuments(
  plan: FilePlan,
  target: TargetPlan,
  store: DatasetStore,
  destination: string,
  options: ExecuteOptions & { report: (phase: LoadPhase) => void; summary: DatasetSummary },
) {
  const { report, summary } = options;
  const keep = keptFilter(target);
  const totalDocuments =
    plan.mediator.timeKey === '_id' ? target.kept.length : plan.data.documentCount;
  const started = Date.now();
  let progress = { documents: 0, values: 0, bytes: 0 };
  let batches = 0;
  const writeOptions: WriteOptions = {
    ...DEFAULT_WRITE_OPTIONS,
    workers: options.workers ?? DEFAULT_WRITE_OPTIONS.workers,
    ...(options.signal ? { signal: options.signal } : {}),
    onBuilt: (built) => {
      summary.addBuilt(built);
      // With --strict the checks were fed before the first insert.
      if (!options.strict) plan.checks.add(built);
    },
    onWritten(documents, values, bytes) {
      progress = {
        documents: progress.documents + documents,
        values: progress.values + values,
        bytes: progress.bytes + bytes,
      };
      report({ phase: 'writing', ...progress, totalDocuments, elapsedMs: Date.now() - started });
      batches++;
      options.onStep?.(`batch:${batches}`);
    },
  };
  report({ phase: 'writing', ...progress, totalDocuments, elapsedMs: 0 });
  return writeInBatches(
    // With --strict the checks were fed before the first insert.
    plan.data.documents(keep, { tally: !options.strict && plan.checks.tally }),
    (documents) => store.insertDocuments(destination, documents),
    writeOptions,
  );
}
