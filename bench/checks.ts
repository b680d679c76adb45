/**
 * The data checks' cost (issue 22): a 64,800-cell x T-step SpatioTemporalMatrix (the 1-degree
 * global grid, a clean one: it must give no warning) with the checks on and off, in the same
 * process, in turn (the request's internal `checks: false`, not a CLI flag), against the
 * document building alone (plan, read, build every document: the smallest denominator, so the
 * largest share) and the whole dry run (statistics too; no database). On a shared machine
 * whole runs differ by more than the checks cost, so `checks_cost` is the checks' own work
 * timed apart: the grid's cell checks, and each step's rounding loop with its counters against
 * the same loop without them, step by step in turn (the least of many tries of each step),
 * over the building without checks. Target: checks_cost under 5%.
 */
import path from 'node:path';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { gridRefusal, offGridWarning, Tally } from '#core/checks/index.js';
import { storedValues } from '#core/mediators/values.js';
import type { GridSeries } from '#core/models/inputs.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import { planFromFile, type LoadRequest } from '#core/operations/load/plan.js';
import { FIRST_TIME, GRID_CELLS, writeStmMat } from './inputs.js';

type Log = (line: string) => void;

const round1 = (value: number) => Math.round(value * 10) / 10;

export interface ChecksFigures {
  grid_cells: number;
  steps: number;
  /** The checks' own work over building the documents without them: target < 0.05. */
  checks_cost: number;
  /** The checks' own work: the cell checks once, the counters in every step's loop. */
  checks_ms: { cells: number; counters: number };
  /**
   * Whole builds with the checks / without, minus 1, from the fastest run of each: the same
   * figure, with the neighbours' noise in it.
   */
  build_cost: number;
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

/** Plan, read and build every document, feeding the checks: ms and warnings. */
async function build(file: string, checks: boolean) {
  const started = performance.now();
  const plan = await planFromFile(request(file, checks), LOCAL_FILES);
  try {
    for await (const built of plan.data.documents(undefined, { tally: plan.checks.tally }))
      plan.checks.add(built);
    const warnings = plan.checks.warnings().length;
    return { ms: performance.now() - started, warnings };
  } finally {
    await plan.file.close();
  }
}

async function dryRun(file: string, checks: boolean): Promise<number> {
  const started = performance.now();
  await runLoad({ ...request(file, checks), dryRun: true }, new MemoryStore(), LOCAL_FILES);
  return performance.now() - started;
}

/** Least of `tries` timings of `work` (wall ms). */
function least(tries: number, work: () => void): number {
  let best = Infinity;
  for (let attempt = 0; attempt < tries; attempt++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The checks' own work on the file's grid and steps, timed apart (see the file's comment). */
async function checksWork(file: string, tries: number) {
  const plan = await planFromFile(request(file, false), LOCAL_FILES);
  try {
    const series = plan.input as GridSeries;
    const { grid, precision } = plan.config.values;
    const cells = least(tries, () => {
      gridRefusal(series.coordinates, grid.units);
      offGridWarning(series.coordinates, grid);
    });
    let counters = 0;
    for await (const frame of series.frames()) {
      const raw = frame.values[series.parameters[0] as string] as Float64Array;
      let plain = Infinity;
      let counted = Infinity;
      for (let attempt = 0; attempt < tries; attempt++) {
        // In turn, each first every other time (the second finds the step in the cache).
        const timePlain = () => {
          plain = Math.min(
            plain,
            least(1, () => storedValues(raw, precision)),
          );
        };
        const timeCounted = () => {
          counted = Math.min(
            counted,
            least(1, () => storedValues(raw, precision, new Tally())),
          );
        };
        if (attempt % 2 === 0) [timePlain, timeCounted].forEach((time) => time());
        else [timeCounted, timePlain].forEach((time) => time());
      }
      counters += counted - plain;
    }
    return { cells, counters };
  } finally {
    await plan.file.close();
  }
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
  const work = await checksWork(file, Math.max(5, 3 * runs));
  const figures: ChecksFigures = {
    grid_cells: GRID_CELLS,
    steps,
    checks_cost: (work.cells + work.counters) / Math.min(...off),
    checks_ms: { cells: round1(work.cells), counters: round1(work.counters) },
    build_cost: Math.min(...on) / Math.min(...off) - 1,
    build_ms: { on: Math.round(Math.min(...on)), off: Math.round(Math.min(...off)) },
    dry_run_cost: Math.min(...dryOn) / Math.min(...dryOff) - 1,
    dry_run_ms: { on: Math.round(Math.min(...dryOn)), off: Math.round(Math.min(...dryOff)) },
    warnings,
  };
  log(
    `checks_cost ${(100 * figures.checks_cost).toFixed(1)}% of building the documents (target < 5%; cells ${figures.checks_ms.cells} ms, counters ${figures.checks_ms.counters} ms; whole builds differ by ${(100 * figures.build_cost).toFixed(1)}%, dry runs by ${(100 * figures.dry_run_cost).toFixed(1)}%); ${warnings} warnings on the clean grid (must be 0)`,
  );
  return figures;
}
