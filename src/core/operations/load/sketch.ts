import { createHash } from 'node:crypto';
import type { BoundingBox } from '../../mediators/metadata.js';
import type { MediatorDefinition } from '../../mediators/types.js';
import type { DatasetMetadata } from '../../metadata.js';
import type { Coordinates } from '../../models/inputs.js';
import type { CatalogStore, CollectionStore, StatsSketch } from '../../store.js';
import { DatasetSummary } from './summary.js';

/**
 * The statistics sketch: what an append needs of the documents already stored (each
 * parameter's distinct values and counts, the grid's fingerprint), kept in `summary_stats`
 * by the last load so that an append need not read the dataset. It is a cache; the data stay
 * the source of truth, and this module holds the whole rule for when the cache may be used.
 */

/** Largest sketch kept: 16 bytes a distinct value, well under MongoDB's 16 MiB a document. */
const MAX_SKETCH_BYTES = 12 * 1024 * 1024;

/** A grid's coordinates, as one hash of their exact doubles: the sketch keeps it. */
export function gridFingerprint(coordinates: Coordinates): string {
  const pairs = new Float64Array(coordinates.length * 2);
  coordinates.forEach(([x, y], index) => {
    pairs[2 * index] = x;
    pairs[2 * index + 1] = y;
  });
  return createHash('sha256').update(new Uint8Array(pairs.buffer)).digest('hex');
}

/** The dataset as it is now, as far as the sketch is checked against it. */
export interface StoredState {
  /** Its record count. */
  records: number;
  metadata: DatasetMetadata;
}

/**
 * Whether a sketch describes the stored dataset, so that an append may take the stored
 * documents' times, grid and statistics from it. The whole rule:
 *
 * - there is a sketch in the layout this version writes (a store reads another layout as
 *   absent), and it is not planned past an interrupted run's leftover (a dry run's view of the
 *   database after that undo reads no sketch: the sketch describes the data with the leftover);
 * - it was written for the dataset as it is: the same record count, and the very dates and
 *   statistics the metadata holds (flux-manage writes the sketch right after the metadata);
 * - it holds a histogram for every parameter the append brings, none of them overflowed.
 *
 * What it guards against: a write by any other path (another tool, an interrupted run, a
 * repair) that changes the number of documents, or the metadata's dates or statistics. What it
 * cannot see: a change to stored values that keeps the count, and that leaves the metadata as
 * it was (an edit by hand in the database); `db -a --deep` reads the data and finds that.
 *
 * The statistics need one more condition, checked where they are used (`usableStatistics`):
 * an append that replaces times deletes documents the sketch counted.
 */
export function sketchDescribes(
  sketch: StatsSketch | null,
  state: StoredState,
  parameters: readonly string[],
): sketch is StatsSketch {
  return (
    sketch !== null &&
    sketch.documents === state.records &&
    JSON.stringify(sketch.dates) === JSON.stringify(state.metadata.dates) &&
    JSON.stringify(sketch.stats) === JSON.stringify(state.metadata.stats) &&
    parameters.every((parameter) => sketch.parameters[parameter] !== undefined)
  );
}

/** An append's knowledge of the stored documents, taken from a sketch that describes them. */
export interface KnownFromSketch {
  summary: DatasetSummary;
  /** The fingerprint of the grid the sketch's load wrote (gridFingerprint). */
  grid?: string;
}

/**
 * Reads the sketch and the record count, and makes a summary of the stored documents from
 * them when the sketch describes the dataset (`sketchDescribes`); else null. Times, spans and
 * bounding box come from the metadata the sketch was checked against.
 */
export async function knownFromSketch(
  store: CatalogStore & CollectionStore,
  mediator: MediatorDefinition,
  parameters: string[],
  metadata: DatasetMetadata,
): Promise<KnownFromSketch | null> {
  const [sketch, records] = await Promise.all([
    store.readStatsSketch(metadata._id),
    store.recordCount(metadata._id),
  ]);
  if (!sketchDescribes(sketch, { records, metadata }, parameters)) return null;
  const times = mediator.stored.listedTimes(metadata);
  const spans = spansByTime(metadata, times);
  const bbox = Array.isArray(metadata.bbox) ? (metadata.bbox.map(Number) as BoundingBox) : null;
  const summary = DatasetSummary.known(parameters, mediator, {
    histograms: sketch.parameters,
    times,
    spanOf: (time) => spans.get(time.getTime()),
    box: mediator.timeKey === 'timestamp' ? bbox : null,
    documents: records,
  });
  return summary ? { summary, ...(sketch.grid ? { grid: sketch.grid } : {}) } : null;
}

/**
 * The stored documents' statistics may come from the sketch only when the append deletes none
 * of them: replaced times take values out that a histogram of counts cannot give back.
 */
export function usableStatistics(
  known: KnownFromSketch | null,
  replacing: readonly Date[],
): DatasetSummary | null {
  return known && replacing.length === 0 ? known.summary : null;
}

/** Each stored date's span, as Grid3D metadata lists them (oldest first, one per date). */
export function spansByTime(metadata: DatasetMetadata, times: Date[]): Map<number, number> {
  const spans = Array.isArray(metadata.spans) ? metadata.spans : [];
  const out = new Map<number, number>();
  if (spans.length !== times.length) return out;
  times.forEach((time, index) => out.set(time.getTime(), Number(spans[index])));
  return out;
}

/**
 * Keeps what the next append's statistics need, right after the metadata it describes (best
 * effort: a sketch that is missing or no longer describes the data only means that the next
 * append reads the stored data once). No sketch when a histogram overflowed or is too large.
 */
export async function keepSketch(
  store: CatalogStore,
  sketch: {
    name: string;
    whole: DatasetSummary | undefined;
    metadata: DatasetMetadata;
    coordinates: Coordinates | null;
  },
): Promise<void> {
  const { name, whole, metadata, coordinates } = sketch;
  const histograms = whole?.histograms() ?? null;
  const bytes = Object.values(histograms ?? {}).reduce(
    (total, h) => total + 16 * h.values.length,
    0,
  );
  try {
    if (!histograms || !whole || bytes > MAX_SKETCH_BYTES) {
      await store.deleteStatsSketch(name);
      return;
    }
    await store.writeStatsSketch({
      _id: name,
      documents: whole.documents,
      dates: metadata.dates,
      stats: metadata.stats,
      parameters: histograms,
      ...(coordinates ? { grid: gridFingerprint(coordinates) } : {}),
    });
  } catch {
    await store.deleteStatsSketch(name).catch(() => undefined);
  }
}
