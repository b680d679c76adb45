import type { DataWarning } from '../../checks/index.js';
import type { DatasetMetadata } from '../../metadata.js';
import type { DatasetStore } from '../../store.js';
import type { FilePlan } from './plan.js';
import type { Recovery } from './recovery.js';
import type { TargetPlan } from './target.js';

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
  /** What the data checks found (docs/loading.md, "Data checks"); empty when nothing. */
  warnings: DataWarning[];
}

const NOTHING_WRITTEN = { documents: 0, values: 0, bytes: 0 };

/**
 * What a load did (or, in a dry run, would do). A dry run counts the documents and values it
 * would write (`planned`); a real run, those it wrote.
 */
export function loadResult(outcome: {
  plan: FilePlan;
  target: Pick<TargetPlan, 'mode' | 'skipped' | 'replaced'>;
  metadata: DatasetMetadata;
  started: number;
  recovered?: Recovery | null;
  pendingRecovery?: string | null;
  written?: LoadResult['written'];
  planned?: { documents: number; values: number };
  warnings?: DataWarning[];
}): LoadResult {
  const written = outcome.written ?? NOTHING_WRITTEN;
  const counted = outcome.planned ?? written;
  return {
    dataset: outcome.plan.request.name,
    mode: outcome.target.mode,
    dryRun: outcome.planned !== undefined,
    documents: counted.documents,
    values: counted.values,
    written,
    skipped: outcome.target.skipped.map((time) => time.toISOString()),
    replaced: outcome.target.replaced.map((time) => time.toISOString()),
    metadata: outcome.metadata,
    recovered: outcome.recovered ?? null,
    pendingRecovery: outcome.pendingRecovery ?? null,
    elapsedMs: Date.now() - outcome.started,
    warnings: outcome.warnings ?? [],
  };
}

/**
 * The result of a load an earlier, interrupted run of it had written in full: nothing (more)
 * to write; the dataset is as that run left it.
 */
export async function finishedResult(
  plan: FilePlan,
  store: DatasetStore,
  finished: { mode: 'new' | 'append'; started: number; dryRun: boolean },
  recovered: Recovery | null,
): Promise<LoadResult> {
  const metadata = (await store.readMetadata(plan.request.name)) ?? { _id: plan.request.name };
  return loadResult({
    plan,
    target: { mode: finished.mode, skipped: [], replaced: [] },
    metadata,
    started: finished.started,
    recovered,
    ...(finished.dryRun ? { planned: { documents: 0, values: 0 } } : {}),
  });
}
