import type { LoadConfig } from '../config/effective.js';
import type { Coordinates } from '../models/inputs.js';
import { markDoubles } from '../numbers/doubles.js';
import { bboxMd5 } from '../numbers/python.js';
import { formatTimestamp } from '../time/timestamps.js';
import type { DatasetMetadata, StoredStats } from '../metadata.js';

export type BoundingBox = [number, number, number, number];

/** [minx, miny, maxx, maxy] over the finite coordinates, or null when there are none. */
export function boundingBox(coordinates: Coordinates): BoundingBox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of coordinates) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX === Infinity ? null : [minX, minY, maxX, maxY];
}

export function sortedTimes(times: Date[], order: 'oldest-first' | 'newest-first'): Date[] {
  const unique = [...new Map(times.map((time) => [time.getTime(), time])).values()];
  unique.sort((a, b) =>
    order === 'oldest-first' ? a.getTime() - b.getTime() : b.getTime() - a.getTime(),
  );
  return unique;
}

export function formatDates(times: Date[]): string[] {
  return times.map(formatTimestamp);
}

/**
 * The metadata document the Carbon Data Explorer reads (SPEC 4), in its field order:
 * {_id, title, units, gridded, grid, dates, bbox, bboxmd5, steps | spans, stats}.
 */
export function metadataDocument(options: {
  name: string;
  config: LoadConfig;
  dates: string[];
  bbox?: BoundingBox | null;
  timing?: { steps?: number[]; spans?: number[] };
  stats: StoredStats;
  extra?: Record<string, unknown>;
  /** Paths of the config's numbers written as floats ("grid.x"): stored as doubles. */
  floatPaths?: readonly string[];
}): DatasetMetadata {
  const { config } = options;
  const document: DatasetMetadata = {
    _id: options.name,
    title: config.title,
    units: config.units,
    gridded: config.gridded,
    grid: config.grid,
    dates: options.dates,
  };
  if (options.bbox !== undefined) {
    document.bbox = options.bbox;
    document.bboxmd5 = options.bbox ? bboxMd5(options.bbox) : null;
  }
  if (options.timing?.steps) document.steps = options.timing.steps;
  if (options.timing?.spans) document.spans = options.timing.spans;
  Object.assign(document, options.extra ?? {});
  document.stats = options.stats;
  // Every bbox number and statistic is a double (SPEC 4); config numbers as they were written.
  const configFloats = (options.floatPaths ?? []).filter((path) =>
    ['title', 'units', 'gridded', 'grid'].includes(path.split('.')[0] as string),
  );
  return markDoubles(document, ['bbox', 'stats', ...configFloats]);
}
