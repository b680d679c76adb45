/**
 * The data checks' cost (issue 22): a 64,800-cell x T-step SpatioTemporalMatrix (the 1-degree
 * global grid, a clean one: it must give no warning) with the checks on and off, in the same
 * process, in turn (the request's internal `checks: false`, not a CLI flag). Two figures:
 * the document building alone (plan, read, build every document: the smallest denominator,
 * so the largest share; the counters are kept in the build's own loop, see
 * docs/performance.md) and the whole dry run (statistics too; no database). Target:
 * checks_cost under 5%.
 */
import path from 'node:path';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import { planFromFile, type LoadRequest } from '#core/operations/load/plan.js';
import { median } from './children.js';
import { FIRST_TIME, GRID_CELLS, writeStmMat } from './inputs.js';

type Log = (line: string) => void;

export interface ChecksFigures {
  grid_cells: number;
  steps: number;
  /**
   * Building every document with the checks / without, minus 1: target < 0.05. From the
   * fastest run of each (CPU time): on a shared machine the least disturbed, where the
   * medians (`checks_cost_median`) still carry the neighbours' noise.
   */
  checks_cost: number;
  checks_cost_median: number;
  build_ms: { on: number; off: number };
  /** The whole dry run (statistics too) with the checks / without, minus 1 (fastest runs). */
  dry_run_cost: number;
  dry_run_ms: { on: number; off: number };
  /** Warnings on the clean grid: must be 0. */
  warnings: number;
}

const request = (file: string, checks: boolean): LoadRequest => ({
  path: file,
  model: 'SpatioTemporalMatrix',
  name: 'bench_checks',
  overrides: `timestamp=${FIRST_TIME}`,
  checks,
});

/**
 * CPU milliseconds of this process (user and system): the figures are shares of the same
 * in-process work, and on a shared machine wall time mostly measures the neighbours.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Plan, read and build every document, feeding the checks: CPU ms and warnings. */
async function build(file: string, checks: boolean) {
  const started = cpuMs();
  const plan = await planFromFile(request(file, checks), LOCAL_FILES);
  try {
    for await (const built of plan.data.documents(undefined, { tally: plan.checks.tally }))
      plan.checks.add(built);
    const warnings = plan.checks.warnings().length;
    return { ms: cpuMs() - started, warnings };
  } finally {
    await plan.file.close();
  }
}

async function dryRun(file: string, checks: boolean): Promise<number> {
  const started = cpuMs();
  await runLoad({ ...request(file, checks), dryRun: true }, new MemoryStore(), LOCAL_FILES);
  return cpuMs() - started;
}

export async function runChecksBenchmark(
  steps: number,
  runs: number,
  dir: string,
  log: Log,
): Promise<ChecksFigures> {
  const file = path.join(dir, 'checks.mat');
  log(`checks: writing ${GRID_CELLS} cells x ${steps} steps`);
  await writeStmMat(file, steps);
  await build(file, true); // warm up (JIT, file cache)
  const on: number[] = [];
  const off: number[] = [];
  const dryOn: number[] = [];
  const dryOff: number[] = [];
  let warnings = 0;
  for (let attempt = 0; attempt < runs; attempt++) {
    // In turn, each first every other time, so that a drifting machine weighs on both alike.
    const order = attempt % 2 === 0 ? [true, false] : [false, true];
    for (const checks of order) {
      const result = await build(file, checks);
      (checks ? on : off).push(result.ms);
      if (checks) warnings = Math.max(warnings, result.warnings);
    }
    for (const checks of order) (checks ? dryOn : dryOff).push(await dryRun(file, checks));
    log(`checks: run ${attempt + 1} of ${runs}`);
  }
  const figures: ChecksFigures = {
    grid_cells: GRID_CELLS,
    steps,
    checks_cost: Math.min(...on) / Math.min(...off) - 1,
    checks_cost_median: median(on) / median(off) - 1,
    build_ms: { on: Math.round(Math.min(...on)), off: Math.round(Math.min(...off)) },
    dry_run_cost: Math.min(...dryOn) / Math.min(...dryOff) - 1,
    dry_run_ms: { on: Math.round(Math.min(...dryOn)), off: Math.round(Math.min(...dryOff)) },
    warnings,
  };
  log(
    `checks_cost ${(100 * figures.checks_cost).toFixed(1)}% of building the documents (target < 5%; medians ${(100 * figures.checks_cost_median).toFixed(1)}%), ${(100 * figures.dry_run_cost).toFixed(1)}% of the dry run; ${warnings} warnings on the clean grid (must be 0)`,
  );
  return figures;
}
