import { describeSource } from '../../config/effective.js';
import type { DatasetStore } from '../../store.js';
import { formatTimestamp } from '../../time/timestamps.js';
import { executeLoad } from './execute.js';
import { loadInputFiles, type LoadFiles } from './index.js';
import { planFromFile, type LoadRequest } from './plan.js';
import type { DataWarning } from '../../checks/index.js';
import type { DatasetMetadata } from '../../metadata.js';

export interface ReviewedSetting {
  key: string;
  value: unknown;
  /** Where the value came from: "SpatioTemporalMatrix default", "config file x.json", "-o", ... */
  source: string;
}

/** What the TUI's review step shows before a load starts: a dry run, with its reasons. */
export interface LoadReview {
  model: string;
  mediator: string;
  variable: string;
  shape: number[];
  configFile: string | null;
  settings: ReviewedSetting[];
  mode: 'new' | 'append';
  /**
   * The files the load reads, in the order it reads them: the one file, or those of a folder
   * that match the pattern. The rest of the review is the dry run of the first.
   */
  files: string[];
  /** Grid cells (coord_index entries), for gridded data; null otherwise. */
  cells: number | null;
  /** Cells of the file's grid left out as missing at every time (NetCDF's mask), or null. */
  leftOut?: number | null;
  /**
   * Times of this load the dataset already has, skipped or overwritten as asked (a load told
   * to refuse them fails the review instead: ExistingTimesError). 0 for a new dataset.
   */
  existingTimes: number;
  documents: number;
  values: number;
  metadata: DatasetMetadata;
  warnings: string[];
  /** What the data checks found in the (first) file: a load with any asks twice. */
  checks: DataWarning[];
  /**
   * An interrupted earlier load or append left the dataset behind: what the load will recover
   * before it starts (the review already shows the dataset as it will be then). Null otherwise.
   */
  pendingRecovery: string | null;
}

export async function reviewLoad(
  request: LoadRequest,
  store: DatasetStore,
  files: LoadFiles,
): Promise<LoadReview> {
  const paths = await loadInputFiles(request, files);
  const plan = await planFromFile({ ...request, path: paths[0] as string }, files);
  try {
    const result = await executeLoad(plan, store, { dryRun: true });
    const settings = Object.entries(plan.config.values).map(([key, value]) => ({
      key,
      value: value instanceof Date ? formatTimestamp(value) : value,
      source: plan.config.sources[key] ? describeSource(plan.config.sources[key]) : 'default',
    }));
    for (const [key, value] of Object.entries(plan.config.unknown))
      settings.push({ key, value, source: 'unknown key (kept, unused)' });
    return {
      model: plan.model.name,
      mediator: plan.mediator.name,
      variable: plan.variable.name,
      shape: plan.variable.shape,
      configFile: plan.configFile,
      settings,
      mode: result.mode,
      files: paths,
      cells: plan.data.coordinates?.length ?? null,
      leftOut: plan.input.kind === 'grid-series' ? (plan.input.leftOut ?? null) : null,
      existingTimes: result.skipped.length + result.replaced.length,
      documents: result.documents,
      values: result.values,
      metadata: result.metadata,
      warnings: plan.warnings,
      checks: result.warnings,
      pendingRecovery: result.pendingRecovery,
    };
  } finally {
    await plan.file.close();
  }
}
