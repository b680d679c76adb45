import { createHash } from 'node:crypto';
import { describeError, FluxError } from '../../errors.js';
import { isStale, JournalConflictError, keepAlive, runFields } from '../../journal.js';
import { boundingBox, type BoundingBox } from '../../mediators/metadata.js';
import type { BuiltDocument, DataDocument, DatasetState } from '../../mediators/types.js';
import { INTERNAL_PREFIX } from '../../names.js';
import type { DatasetStore, JournalEntry } from '../../store.js';
import type { ParameterStats } from '../../stats/index.js';
import { storedTimes } from '../datasetTimes.js';
import type { FilePlan } from './plan.js';
import { pendingRecovery } from './pendingRecovery.js';
import { recoverLoad, type Recovery } from './recovery.js';
import { DatasetSummary } from './summary.js';
import type { Coordinates } from '../../models/inputs.js';
import { planTarget, type StoredKnowledge, type TargetPlan } from './target.js';
import { DEFAULT_WRITE_OPTIONS, writeInBatches, type WriteOptions } from './writer.js';
import type { DatasetMetadata } from '../../metadata.js';

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
  metadata: DatasetMetadata;
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
    const target = await planTarget(plan, view, policy, new StoredData(plan, view, true));
    const summary =
      target.mode === 'append'
        ? await previewAppend(plan, target)
        : await summarizeNew(plan, target, null);
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

  const run = runFields();
  const { token } = run;
  const entry = (target: TargetPlan | null, state: JournalEntry['state']): JournalEntry => ({
    _id: name,
    op: target?.mode === 'append' ? 'append' : 'load',
    state,
    ...run,
    startedAt: new Date(started),
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
  const stopHeartbeat = keepAlive(store, [name], token);
  let target: TargetPlan | null = null;
  let coordinatesWritten: Promise<unknown> = Promise.resolve(undefined);
  try {
    const stored = new StoredData(plan, store, false);
    target = await planTarget(plan, store, policy, stored);
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
    // An append's statistics cover the documents already stored (docs/loading.md).
    const storedSummary = target.mode === 'append' ? await stored.summary(target) : null;
    const written = await writeDocuments(plan, target, store, destination, options, builtSummary);
    stopPoint(options, 'documents');
    options.onProgress?.({ phase: 'statistics' });
    const summary =
      storedSummary === null
        ? await summarizeNew(plan, target, {
            summary: builtSummary,
            store,
            collection: destination,
          })
        : await summarizeAppend(plan, store, builtSummary, await storedSummary());
    options.onProgress?.({ phase: 'committing' });
    await rethrow(coordinatesWritten);
    stopPoint(options, 'coord_index');
    await store.updateClaim(name, token, { state: 'committing', metadata: summary.metadata });
    stopPoint(options, 'committing');
    if (target.mode === 'new') await store.renameCollection(staging, name);
    stopPoint(options, 'rename');
    await store.writeMetadata(summary.metadata);
    stopPoint(options, 'metadata');
    await keepSketch(store, name, summary, plan.data.coordinates);
    if (backup) await store.dropCollection(backup);
    stopHeartbeat();
    await store.release(name, token);
    return result(plan, target, summary.metadata, recovered, written, summary, started, false);
  } catch (error) {
    stopHeartbeat();
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
  const metadata = (await store.readMetadata(plan.request.name)) ?? { _id: plan.request.name };
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
  metadata: DatasetMetadata;
  documents: number;
  values: number;
  /** The whole dataset's summary after a real run (what the statistics sketch is made of). */
  whole?: DatasetSummary;
}

/** Largest sketch kept: 16 bytes a distinct value, well under MongoDB's 16 MiB a document. */
const MAX_SKETCH_BYTES = 12 * 1024 * 1024;

/** The times of `times` that are in `stored`. */
function intersectTimes(times: Date[], stored: Date[]): Date[] {
  const known = new Set(stored.map((time) => time.getTime()));
  return times.filter((time) => known.has(time.getTime()));
}

/**
 * What an append knows of the documents already stored, read as little as possible: from the
 * statistics sketch the last load kept, when it still describes them; else, on a server
 * without an index on times (FerretDB v1), from one pass over them (their times and values at
 * once); else (MongoDB) their times from the index and their values in one pass while the new
 * documents are written. Never a query per time.
 */
class StoredData implements StoredKnowledge {
  private sketch: Promise<KnownFromSketch | null> | null = null;
  private scanned: { times: Date[]; others: DatasetSummary; overlapping: DatasetSummary } | null =
    null;

  /** `dry`: a dry run, which writes nothing and reads no stored data (the metadata instead). */
  constructor(
    private readonly plan: FilePlan,
    private readonly store: DatasetStore,
    private readonly dry: boolean,
  ) {}

  private fromSketch(previous: DatasetMetadata): Promise<KnownFromSketch | null> {
    this.sketch ??= summaryFromSketch(this.plan, previous, this.store);
    return this.sketch;
  }

  /** Which of these times the dataset holds (planTarget's question, for a grid). */
  async existingTimes(times: Date[], previous: DatasetMetadata): Promise<Date[]> {
    const known = await this.fromSketch(previous);
    if (known) return intersectTimes(times, known.summary.allTimes());
    if ((await this.store.serverInfo()).indexedTimes)
      return this.store.existingTimes(this.plan.request.name, '_id', times);
    // Without an index on times, checking them reads the dataset: a dry run takes them from
    // the metadata; the real run reads the dataset once, for its statistics as well.
    if (this.dry)
      return intersectTimes(
        times,
        storedTimes(previous, this.plan.mediator.name === 'Grid4DMediator'),
      );
    this.scanned = await scanStored(this.plan, this.store);
    return intersectTimes(times, this.scanned.times);
  }

  /** The stored grid is these coordinates if the sketch (valid) recorded the same grid. */
  async sameGrid(coordinates: Coordinates, previous: DatasetMetadata): Promise<boolean> {
    const known = await this.fromSketch(previous);
    return (
      known !== null && known.grid !== undefined && known.grid === gridFingerprint(coordinates)
    );
  }

  /**
   * The stored documents the dataset keeps after this append, summarised; asked before the
   * write starts (the sketch is checked against the record count before new documents count).
   * A pass that is still needed runs while the new documents are written.
   */
  async summary(target: TargetPlan): Promise<() => Promise<DatasetSummary>> {
    const previous = target.previousMetadata ?? { _id: this.plan.request.name };
    const known = (await this.fromSketch(previous))?.summary;
    if (known && target.replaced.length === 0) return () => Promise.resolve(known);
    const scanned = this.scanned;
    if (scanned) {
      const kept = target.skipped.length
        ? scanned.others.merge(scanned.overlapping)
        : scanned.others;
      return () => Promise.resolve(kept);
    }
    const pass = settledValue(summarizeStored(this.plan, target, this.store));
    return () => unwrap(pass);
  }
}

/**
 * One pass over the stored documents: their times, and their values summarised apart for the
 * times this load brings (which it may skip, keeping them, or replace) and the others.
 */
async function scanStored(
  plan: FilePlan,
  store: DatasetStore,
): Promise<{ times: Date[]; others: DatasetSummary; overlapping: DatasetSummary }> {
  const { mediator, data, request } = plan;
  const incoming = new Set(data.times.map((time) => time.getTime()));
  const others = new DatasetSummary(data.parameters, mediator.timeKey);
  const overlapping = new DatasetSummary(data.parameters, mediator.timeKey);
  const times: Date[] = [];
  for await (const document of store.scanDocuments(request.name, [])) {
    const time = document._id;
    if (!(time instanceof Date)) continue;
    times.push(time);
    (incoming.has(time.getTime()) ? overlapping : others).addStored(document);
  }
  return { times, others, overlapping };
}

interface KnownFromSketch {
  summary: DatasetSummary;
  /** The fingerprint of the grid the sketch's load wrote (gridFingerprint). */
  grid?: string;
}

/** A grid's coordinates, as one hash of their exact doubles: the sketch keeps it. */
export function gridFingerprint(coordinates: Coordinates): string {
  const pairs = new Float64Array(coordinates.length * 2);
  coordinates.forEach(([x, y], index) => {
    pairs[2 * index] = x;
    pairs[2 * index + 1] = y;
  });
  return createHash('sha256').update(new Uint8Array(pairs.buffer)).digest('hex');
}

/**
 * The stored documents' summary from the sketch the last load kept, when it describes the
 * dataset as it is (record count, and the dates and statistics of its metadata); else null.
 */
async function summaryFromSketch(
  plan: FilePlan,
  previous: DatasetMetadata,
  store: DatasetStore,
): Promise<KnownFromSketch | null> {
  const { mediator, data, request } = plan;
  const [sketch, records] = await Promise.all([
    store.readStatsSketch(request.name),
    store.recordCount(request.name),
  ]);
  if (
    !sketch ||
    sketch.documents !== records ||
    JSON.stringify(sketch.dates) !== JSON.stringify(previous.dates) ||
    JSON.stringify(sketch.stats) !== JSON.stringify(previous.stats)
  )
    return null;
  const times = storedTimes(previous, mediator.name === 'Grid4DMediator');
  const spans = previousSpans(previous, times);
  const bbox = Array.isArray(previous.bbox) ? (previous.bbox.map(Number) as BoundingBox) : null;
  const summary = DatasetSummary.known(data.parameters, mediator.timeKey, {
    histograms: sketch.parameters,
    times,
    spanOf: (time) => spans.get(time.getTime()),
    box: mediator.timeKey === 'timestamp' ? bbox : null,
    documents: records,
  });
  return summary ? { summary, ...(sketch.grid ? { grid: sketch.grid } : {}) } : null;
}

/**
 * Keeps what the next append's statistics need (best effort: a sketch that is missing or no
 * longer matches only means that append reads the stored data once).
 */
async function keepSketch(
  store: DatasetStore,
  name: string,
  summary: Summarized,
  coordinates: Coordinates | null,
): Promise<void> {
  const histograms = summary.whole?.histograms() ?? null;
  const bytes = Object.values(histograms ?? {}).reduce(
    (total, h) => total + 16 * h.values.length,
    0,
  );
  try {
    if (!histograms || !summary.whole || bytes > MAX_SKETCH_BYTES) {
      await store.deleteStatsSketch(name);
      return;
    }
    await store.writeStatsSketch({
      _id: name,
      documents: summary.whole.documents,
      dates: summary.metadata.dates,
      stats: summary.metadata.stats,
      parameters: histograms,
      ...(coordinates ? { grid: gridFingerprint(coordinates) } : {}),
    });
  } catch {
    await store.deleteStatsSketch(name).catch(() => undefined);
  }
}

/** What a dry run of an append says instead of statistics it would need the stored data for. */
export const STATISTICS_AT_LOAD_TIME = 'computed at load time (they need the stored data)';

/**
 * A new dataset's metadata, from the documents as they were built: fed during the write
 * (`written`: the staging collection that holds them, read again only if a parameter has too
 * many distinct values for the histogram), or, in a dry run, built from the file (and built
 * again in that case), reading nothing of the database.
 */
async function summarizeNew(
  plan: FilePlan,
  target: TargetPlan,
  written: { summary: DatasetSummary; store: DatasetStore; collection: string } | null,
): Promise<Summarized> {
  const { mediator, data } = plan;
  const kept = new Set(target.kept.map((time) => time.getTime()));
  const keep = (time: Date) => kept.has(time.getTime());
  const summary = written?.summary ?? new DatasetSummary(data.parameters, mediator.timeKey);
  let values = 0;
  if (!written) {
    for await (const document of data.documents(keep)) {
      summary.addBuilt(document);
      values += document.valueCount;
    }
  }
  const rescan = written
    ? () => written.store.scanDocuments(written.collection, [])
    : () => builtDocuments(data.documents(keep));
  const stats = await summary.statistics(rescan);
  return {
    metadata: metadataOf(plan, summary, stats),
    documents: summary.documents,
    values,
    ...(written ? { whole: summary } : {}),
  };
}

async function* builtDocuments(built: AsyncIterable<BuiltDocument>): AsyncIterable<DataDocument> {
  for await (const document of built) yield document.document;
}

/**
 * The stored documents an append keeps, summarised in one pass: every document but those of
 * the times this load writes (replaced ones were deleted before; new ones may be arriving).
 */
async function summarizeStored(
  plan: FilePlan,
  target: TargetPlan,
  store: DatasetStore,
): Promise<DatasetSummary> {
  const { mediator, data, request } = plan;
  const summary = new DatasetSummary(data.parameters, mediator.timeKey);
  const written = new Set(target.kept.map((time) => time.getTime()));
  const timeField = mediator.timeKey === 'timestamp' ? 'timestamp' : '_id';
  for await (const document of store.scanDocuments(request.name, [])) {
    const time = document[timeField];
    if (time instanceof Date && written.has(time.getTime())) continue;
    summary.addStored(document);
  }
  return summary;
}

/** An append's metadata: the stored documents' summary and the new ones', merged. */
async function summarizeAppend(
  plan: FilePlan,
  store: DatasetStore,
  built: DatasetSummary,
  stored: DatasetSummary,
): Promise<Summarized> {
  const documents = built.documents;
  const whole = stored.merge(built);
  // Only when a parameter has more distinct values than the histogram holds is the dataset
  // read again (docs/performance.md).
  const stats = await whole.statistics(() => store.scanDocuments(plan.request.name, []));
  return { metadata: metadataOf(plan, whole, stats), documents, values: 0, whole };
}

/**
 * A dry run of an append, without reading the stored data: the times, grid and series were
 * checked by _id lookups and the metadata (planTarget); the dates and bbox after the append
 * come from the metadata and the file; the statistics are computed at load time.
 */
async function previewAppend(plan: FilePlan, target: TargetPlan): Promise<Summarized> {
  const { mediator, data, config } = plan;
  const previous = target.previousMetadata ?? { _id: plan.request.name };
  const summary = new DatasetSummary(data.parameters, mediator.timeKey);
  let documents = 0;
  let values = 0;
  if (mediator.timeKey === '_id') {
    // One document per time, a value per cell and parameter: counted, not built.
    documents = target.kept.length;
    values = documents * (data.coordinates?.length ?? 0) * data.parameters.length;
  } else {
    const kept = new Set(target.kept.map((time) => time.getTime()));
    for await (const document of data.documents((time) => kept.has(time.getTime()))) {
      summary.addBuilt(document);
      documents++;
      values += document.valueCount;
    }
  }
  const known = storedTimes(previous, mediator.name === 'Grid4DMediator');
  const spans = previousSpans(previous, known);
  const times = new Map<number, Date>(known.map((time) => [time.getTime(), time]));
  for (const time of target.kept) times.set(time.getTime(), time);
  const newSpan = Array.isArray(config.values.spans) ? config.values.spans[0] : undefined;
  const bbox =
    mediator.timeKey === 'timestamp'
      ? unionBox(previous.bbox, summary.boundingBox())
      : data.coordinates
        ? boundingBox(data.coordinates)
        : undefined;
  const metadata = mediator.metadata({
    name: plan.request.name,
    config,
    times: [...times.values()],
    spanOf: (time) => spans.get(time.getTime()) ?? (newSpan as number | undefined),
    ...(bbox !== undefined ? { bbox } : {}),
    stats: {},
    ...(data.metadataExtra ? { extra: data.metadataExtra } : {}),
  });
  return { metadata: { ...metadata, stats: STATISTICS_AT_LOAD_TIME }, documents, values };
}

/** Each stored date's span, as Grid3D metadata lists them (oldest first, one per date). */
function previousSpans(metadata: DatasetMetadata, times: Date[]): Map<number, number> {
  const spans = Array.isArray(metadata.spans) ? metadata.spans : [];
  const out = new Map<number, number>();
  if (spans.length !== times.length) return out;
  times.forEach((time, index) => out.set(time.getTime(), Number(spans[index])));
  return out;
}

function unionBox(previous: unknown, added: BoundingBox | null): BoundingBox | null {
  const before =
    Array.isArray(previous) && previous.length === 4 ? (previous.map(Number) as BoundingBox) : null;
  if (!before) return added;
  if (!added) return before;
  return [
    Math.min(before[0], added[0]),
    Math.min(before[1], added[1]),
    Math.max(before[2], added[2]),
    Math.max(before[3], added[3]),
  ];
}

function metadataOf(
  plan: FilePlan,
  summary: DatasetSummary,
  stats: Record<string, ParameterStats>,
): DatasetMetadata {
  const { mediator, data, config, request } = plan;
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
    stats,
    ...(data.metadataExtra ? { extra: data.metadataExtra } : {}),
  };
  return mediator.metadata(state);
}

/** A promise whose failure is held as a value until it is awaited (never unhandled). */
function settledValue<T>(
  work: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

async function unwrap<T>(
  held: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>,
): Promise<T> {
  const outcome = await held;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function result(
  plan: FilePlan,
  target: TargetPlan,
  metadata: DatasetMetadata,
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
