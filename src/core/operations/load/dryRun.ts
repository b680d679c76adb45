import type { DatasetStore } from '../../store.js';
import { pendingRecovery } from './pendingRecovery.js';
import type { ExistingPolicy, FilePlan } from './plan.js';
import { finishedResult, loadResult, type LoadResult } from './result.js';
import { StoredDatasetCache } from './storedDataset.js';
import { summarizeAppendDryRun, summarizeNew } from './summarize.js';
import { planTarget } from './target.js';

/**
 * What the real run would do, writing nothing: it would take over a dead run's lock and undo
 * its leftover first, so the dry run plans against the database as that undo would leave it.
 * `fingerprint` identifies the load (an earlier run of this very load may have finished).
 */
export async function dryRunLoad(
  plan: FilePlan,
  store: DatasetStore,
  fingerprint: string,
): Promise<LoadResult> {
  const started = Date.now();
  const name = plan.request.name;
  const policy: ExistingPolicy = plan.request.existing ?? 'error';
  const pending = await pendingRecovery(store, name, fingerprint);
  const view = pending?.view ?? store;
  if (pending?.sameLoadFinished) {
    const done = await finishedResult(
      plan,
      store,
      { mode: pending.sameLoadFinished, started, dryRun: true },
      null,
    );
    return { ...done, pendingRecovery: pending.notice };
  }
  const target = await planTarget(plan, view, policy, new StoredDatasetCache(plan, view, true));
  const summary =
    target.mode === 'append'
      ? await summarizeAppendDryRun(plan, target)
      : await summarizeNew(plan, target, null);
  return loadResult({
    plan,
    target,
    metadata: summary.metadata,
    started,
    pendingRecovery: pending?.notice ?? null,
    planned: summary,
    warnings: plan.checks.warnings(),
  });
}
