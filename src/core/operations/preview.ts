import { storedFamily } from '../mediators/registry.js';
import { NotFoundError } from './listDatasets.js';
import type { CatalogStore, CollectionStore, DocumentStore } from '../store.js';

/** What a preview reads: never the journal, never a write. */
type PreviewStore = CollectionStore & CatalogStore & DocumentStore;
import { formatTimestamp } from '../time/timestamps.js';
import { datasetTimes } from './datasetTimes.js';
import { LookupReader, SequentialReader, type StepReader } from './stepReader.js';
import { statsOf, type DatasetMetadata } from '../metadata.js';
import type { ParameterStats } from '../stats/result.js';

export { datasetTimes };

/** One time of a dataset, ready to draw: gridded cells or observation points. */
export interface PreviewFrame {
  dataset: string;
  kind: 'grid' | 'points' | 'none';
  parameter: string | null;
  /** Index of this time among the dataset's times, and how many there are. */
  index: number;
  count: number;
  time: string | null;
  points: Array<{ x: number; y: number; value: number | null }>;
  /**
   * The parameter's min and max over the whole dataset (metadata stats): the legend's "data"
   * figures, and the colour scale only where `scale` is null.
   */
  range: { min: number; max: number } | null;
  /**
   * The colour scale to draw with, the same for every time step: mean ± 2 standard deviations
   * (clipped to min and max) so that a few outliers do not wash out the rest, or min to max.
   */
  scale: PreviewScale | null;
  /** The map's extent, the same for every time step (the dataset's bbox; see previewExtent). */
  extent: PreviewExtent | null;
  /** A grid's cell size, for drawing cells rather than dots. */
  cell: { x: number; y: number } | null;
}

export interface PreviewScale {
  low: number;
  high: number;
  method: 'mean ± 2 std' | 'min to max';
}

export interface PreviewExtent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The colour scale from a parameter's metadata stats: mean ± 2·std clipped to [min, max] when
 * mean and std are numbers and std > 0, otherwise min to max; null without min and max.
 */
export function previewScale(
  stats: Partial<ParameterStats> | null | undefined,
): PreviewScale | null {
  const min = stats?.min;
  const max = stats?.max;
  if (!isNumber(min) || !isNumber(max)) return null;
  const { mean, std } = stats ?? {};
  if (isNumber(mean) && isNumber(std) && std > 0) {
    return {
      low: Math.max(min, mean - 2 * std),
      high: Math.min(max, mean + 2 * std),
      method: 'mean ± 2 std',
    };
  }
  return { low: min, high: max, method: 'min to max' };
}

/**
 * The map's extent for every time step, from the metadata bbox [minx, miny, maxx, maxy]: a
 * grid's bbox holds cell centres, so it is widened by half a cell on each side when the grid's
 * x and y sizes are known; observation points are drawn within the bbox as it is. Null
 * without a bbox.
 */
export function previewExtent(metadata: DatasetMetadata): PreviewExtent | null {
  const bbox = metadata.bbox;
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(isNumber)) return null;
  const [minX, minY, maxX, maxY] = bbox as [number, number, number, number];
  const grid = metadata.grid as { x?: unknown; y?: unknown } | undefined;
  const cells = storedFamily(metadata) !== 'observations';
  const halfX = cells && isNumber(grid?.x) ? grid.x / 2 : 0;
  const halfY = cells && isNumber(grid?.y) ? grid.y / 2 : 0;
  return { minX: minX - halfX, minY: minY - halfY, maxX: maxX + halfX, maxY: maxY + halfY };
}

/**
 * A dataset opened for the preview: its metadata and coord_index are read once; each time
 * step is then one `_id` lookup with a limit (observations: one query for the date), and the
 * step after the one asked for is read ahead, so that stepping through time waits for nothing.
 */
export class PreviewSession {
  private readonly frames = new Map<number, Promise<PreviewFrame>>();

  private constructor(
    private readonly store: PreviewStore,
    private readonly name: string,
    private readonly metadata: DatasetMetadata,
    private readonly coordinates: Array<[number, number]> | null,
    private readonly steps: StepReader,
    readonly times: Date[],
  ) {}

  static async open(store: PreviewStore, name: string): Promise<PreviewSession> {
    const metadata = await store.readMetadata(name);
    if (!metadata) throw new NotFoundError(`no metadata for "${name}"`);
    const coordinates =
      storedFamily(metadata) === 'observations' ? null : await store.readCoordIndex(name);
    const indexed = (await store.serverInfo()).indexedTimes;
    const steps = indexed ? new LookupReader(store, name) : new SequentialReader(store, name);
    return new PreviewSession(store, name, metadata, coordinates, steps, datasetTimes(metadata));
  }

  /** Lets go of the reader's cursor (the UI closes a session when it reads the list again). */
  close(): Promise<void> {
    return this.steps.close();
  }

  /** Time step `index` (wrapping around); `readAhead`: then the next one, for a viewer. */
  async frame(index: number, readAhead = true): Promise<PreviewFrame> {
    const count = this.times.length;
    const at = count ? ((index % count) + count) % count : 0;
    const next = count ? (at + 1) % count : 0;
    const frame = this.read(at);
    // Only the asked-for frame and the one after it are kept.
    for (const key of this.frames.keys()) if (key !== at && key !== next) this.frames.delete(key);
    if (readAhead && count > 1) {
      frame.then(
        () => void this.read(next).catch(() => undefined),
        () => undefined,
      );
    }
    return frame;
  }

  private read(at: number): Promise<PreviewFrame> {
    let frame = this.frames.get(at);
    if (!frame) {
      frame = this.build(at);
      this.frames.set(at, frame);
      frame.catch(() => this.frames.delete(at));
    }
    return frame;
  }

  private async build(at: number): Promise<PreviewFrame> {
    const { metadata, name, times } = this;
    const stored = statsOf(metadata);
    const parameter = Object.keys(stored)[0] ?? null;
    const stats = parameter ? (stored[parameter] ?? null) : null;
    const range =
      stats && stats.min !== null && stats.max !== null
        ? { min: stats.min as number, max: stats.max as number }
        : null;
    const empty: PreviewFrame = {
      dataset: name,
      kind: 'none',
      parameter,
      index: 0,
      count: times.length,
      time: null,
      points: [],
      range,
      scale: previewScale(stats),
      extent: previewExtent(metadata),
      cell: null,
    };
    const family = storedFamily(metadata);
    if (times.length === 0 || !parameter || family === 'matrix') return empty;
    const time = times[at] as Date;
    const base = { ...empty, index: at, time: formatTimestamp(time) };
    if (family === 'observations') {
      const documents = await this.store.documentsAt(name, 'timestamp', time);
      const points = documents.flatMap((document) => {
        const coordinates = document.coordinates as unknown[] | undefined;
        const value = (document.properties as Record<string, unknown> | undefined)?.[parameter];
        if (!Array.isArray(coordinates)) return [];
        return [
          {
            x: Number(coordinates[0]),
            y: Number(coordinates[1]),
            value: typeof value === 'number' ? value : null,
          },
        ];
      });
      return { ...base, kind: 'points', points };
    }
    const document = await this.steps.read(time);
    const values = document?.[parameter];
    const coordinates = this.coordinates;
    if (!coordinates || !Array.isArray(values)) return base;
    const grid = metadata.grid as { x?: unknown; y?: unknown } | undefined;
    return {
      ...base,
      kind: 'grid',
      points: coordinates.map(([x, y], cell) => ({
        x,
        y,
        value: typeof values[cell] === 'number' ? (values[cell] as number) : null,
      })),
      cell:
        typeof grid?.x === 'number' && typeof grid?.y === 'number'
          ? { x: grid.x, y: grid.y }
          : null,
    };
  }
}

/** Reads one time step of a dataset (`index` wraps around): a session for one frame. */
export async function previewFrame(
  store: PreviewStore,
  name: string,
  index: number,
): Promise<PreviewFrame> {
  const session = await PreviewSession.open(store, name);
  try {
    return await session.frame(index, false);
  } finally {
    await session.close();
  }
}
