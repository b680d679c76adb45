import type { ParameterStats } from './stats/result.js';

/** Each parameter's statistics: mean, min, max, std, median (null with no finite value). */
export type StoredStats = Record<string, ParameterStats>;

/**
 * A dataset's document in `metadata` (SPEC 4): what flux-manage writes, and what it reads
 * back. A document another tool wrote may lack a field or hold others (the original kept
 * unknown config keys), so every field but `_id` is optional, code that reads one checks the
 * fields it uses, and fields not named here are kept as they are.
 */
export interface DatasetMetadata {
  _id: string;
  title?: string;
  units?: Record<string, unknown>;
  gridded?: boolean;
  grid?: Record<string, unknown>;
  /** `YYYY-MM-DDTHH:MM:SS`: Grid4D [first, last]; Grid3D every time; observations newest first. */
  dates?: string[];
  /** [minx, miny, maxx, maxy], or null when no coordinate is finite. */
  bbox?: number[] | null;
  bboxmd5?: string | null;
  steps?: number[];
  spans?: number[];
  /** Per parameter; a dry run of an append shows a note instead (they need the stored data). */
  stats?: StoredStats | string;
  covariance?: { size: number };
  [field: string]: unknown;
}

/** A document of a scan of `metadata`, as metadata (its `_id` is a dataset's name). */
export function asMetadata(document: Record<string, unknown>): DatasetMetadata {
  if (typeof document._id !== 'string') document._id = String(document._id);
  return document as DatasetMetadata;
}

/** The statistics of a metadata document, when it holds them (not a dry run's note). */
export function statsOf(metadata: DatasetMetadata): StoredStats {
  return typeof metadata.stats === 'object' && metadata.stats !== null ? metadata.stats : {};
}
