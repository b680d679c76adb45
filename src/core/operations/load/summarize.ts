import { boundingBox, type BoundingBox } from '../../mediators/metadata.js';
import type { BuiltDocument, DataDocument } from '../../mediators/types.js';
import type { DatasetMetadata } from '../../metadata.js';
import type { ParameterStats } from '../../stats/index.js';
import type { DocumentStore } from '../../store.js';
import type { FilePlan } from './plan.js';
import { spansByTime } from './sketch.js';
import { DatasetSummary } from './summary.js';
import type { TargetPlan } from './target.js';

/**
 * A load's metadata, from the documents it builds and (for an append) what is known of the
 * documents already stored.
 */
export interface Summarized {
  metadata: DatasetMetadata;
  documents: number;
  values: number;
  /** The whole dataset's summary after a real run (what the statistics sketch is made of). */
  whole?: DatasetSummary;
}

/** What a dry run of an append says instead of statistics it would need the stored data for. */
export const STATISTICS_AT_LOAD_TIME = 'computed at load time (they need the stored data)';

/**
 * The bbox a dataset's metadata gives: a grid's is its coord_index's (every cell, whatever its
 * values), observations' the points stored (`observed`: those of the whole dataset).
 */
function datasetBox(plan: FilePlan, observed: () => BoundingBox | null) {
  const { mediator, data } = plan;
  if (mediator.timeKey === 'timestamp') return observed();
  return data.coordinates ? boundingBox(data.coordinates) : undefined;
}

/**
 * A new dataset's metadata, from the documents as they were built: fed during the write
 * (`written`: the staging collection that holds them, read again only if a parameter has too
 * many distinct values for the histogram), or, in a dry run, built from the file (and built
 * again in that case), reading nothing of the database.
 */
export async function summarizeNew(
  plan: FilePlan,
  target: TargetPlan,
  written: { summary: DatasetSummary; store: DocumentStore; collection: string } | null,
): Promise<Summarized> {
  const { mediator, data } = plan;
  const kept = new Set(target.kept.map((time) => time.getTime()));
  const keep = (time: Date) => kept.has(time.getTime());
  const summary = written?.summary ?? new DatasetSummary(data.parameters, mediator);
  let values = 0;
  if (!written) {
    for await (const document of data.documents(keep, { tally: plan.checks.tally })) {
      summary.addBuilt(document);
      plan.checks.add(document);
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

/** An append's metadata: the stored documents' summary and the new ones', merged. */
export async function summarizeAppend(
  plan: FilePlan,
  store: DocumentStore,
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
 * The dry run of an append, without reading the stored data: the times, grid and series were
 * checked by _id lookups and the metadata (planTarget); the dates and bbox after the append
 * come from the metadata and the file; the statistics are computed at load time.
 */
export async function summarizeAppendDryRun(
  plan: FilePlan,
  target: TargetPlan,
): Promise<Summarized> {
  const { mediator, data, config } = plan;
  const previous = target.previousMetadata ?? { _id: plan.request.name };
  const summary = new DatasetSummary(data.parameters, mediator);
  let documents = 0;
  let values = 0;
  // Built for the data checks; a grid's statistics need the stored data, observations' bbox not.
  const kept = new Set(target.kept.map((time) => time.getTime()));
  const tally = { tally: plan.checks.tally };
  for await (const document of data.documents((time) => kept.has(time.getTime()), tally)) {
    if (mediator.timeKey !== '_id') summary.addBuilt(document);
    plan.checks.add(document);
    documents++;
    values += document.valueCount;
  }
  const known = mediator.stored.listedTimes(previous);
  const spans = spansByTime(previous, known);
  const times = new Map<number, Date>(known.map((time) => [time.getTime(), time]));
  for (const time of target.kept) times.set(time.getTime(), time);
  const newSpan = Array.isArray(config.values.spans) ? config.values.spans[0] : undefined;
  const bbox = datasetBox(plan, () => unionBox(previous.bbox, summary.boundingBox()));
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
  const bbox = datasetBox(plan, () => summary.boundingBox());
  return mediator.metadata({
    name: request.name,
    config,
    // A covariance matrix's documents are columns, not times: its one time is the load's.
    times: mediator.timeKey === 'none' ? data.times : summary.allTimes(),
    spanOf: (time) => summary.spanOf(time),
    ...(bbox !== undefined ? { bbox } : {}),
    stats,
    ...(data.metadataExtra ? { extra: data.metadataExtra } : {}),
  });
}
