/**
 * Growing a dataset (issue 12): appending T steps of the 1-degree grid to a dataset of N steps
 * against loading the same T steps into a new dataset, at N = T and N = 4T; a dry run of that
 * append; one preview step; the audit. Each is timed as the operator runs it (the whole CLI
 * command, a child process), except the preview step, which the UI calls in-process.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, measureInChild } from './children.js';
import { GRID_CELLS, writeStmMat } from './inputs.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const run = promisify(execFile);

type Log = (line: string) => void;

export interface AppendFigures {
  grid_cells: number;
  steps: number;
  /** Appending T steps to a T-step dataset / loading the same T steps into a new one. */
  append_vs_load: number;
  /** The same with a 4T-step dataset: no more than the one pass over its data allows. */
  append_vs_load_4x: number;
  load_ms: number;
  append_ms: number;
  append_4x_ms: number;
  /** Appending T steps to 2T steps whose statistics sketch is gone (one pass) / the load. */
  append_without_sketch_vs_load: number;
  append_dry_run_ms: number;
  preview_step_ms: number;
  preview_open_ms: number;
  audit_ms: number;
}

async function timed(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await run(process.execPath, [CLI, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - started;
}

export async function runAppendBenchmark(
  steps: number,
  dir: string,
  env: NodeJS.ProcessEnv,
  fresh: () => Promise<unknown>,
  deleteSketch: (name: string) => Promise<unknown>,
  log: Log,
): Promise<AppendFigures> {
  const file = (name: string) => path.join(dir, name);
  log(`writing ${GRID_CELLS} cells x ${steps} steps, four times over (steps 0.. and onwards)`);
  await writeStmMat(file('first.mat'), steps, 0);
  await writeStmMat(file('next.mat'), steps, steps);
  await writeStmMat(file('third.mat'), steps, 2 * steps);
  await writeStmMat(file('long.mat'), 4 * steps, 0);
  await writeStmMat(file('after-long.mat'), steps, 4 * steps);
  const load = (source: string, name: string, ...extra: string[]) =>
    timed(
      ['load', '-p', file(source), '-m', 'SpatioTemporalMatrix', '-n', name, '-q', ...extra],
      env,
    );

  await fresh();
  const loadMs = await load('next.mat', 'fresh');
  await load('first.mat', 'grown');
  const dryRunMs = await load('next.mat', 'grown', '--dry-run');
  const appendMs = await load('next.mat', 'grown');
  log(
    `load of ${steps} steps ${loadMs.toFixed(0)} ms; append of them to ${steps} steps ${appendMs.toFixed(0)} ms (x${(appendMs / loadMs).toFixed(2)}); dry run of that append ${dryRunMs.toFixed(0)} ms`,
  );
  const preview = await measureInChild(['preview', 'grown', String(2 * steps)], env);
  const auditMs = await timed(['db', '-a'], env);
  // Without the statistics sketch (a dataset another tool loaded, or one it changed), an
  // append reads the stored documents once.
  await deleteSketch('grown');
  const withoutSketchMs = await load('third.mat', 'grown');
  log(
    `append of ${steps} steps to ${2 * steps} steps without the statistics sketch (one pass over the stored documents) ${withoutSketchMs.toFixed(0)} ms (x${(withoutSketchMs / loadMs).toFixed(2)} of the load)`,
  );
  log(
    `preview: opened on step 1 in ${(preview.bytes ?? 0).toFixed(0)} ms, then ${preview.ms.toFixed(0)} ms a step forward (median of ${preview.documents}); db -a ${auditMs.toFixed(0)} ms`,
  );

  await load('long.mat', 'long');
  const append4xMs = await load('after-long.mat', 'long');
  log(
    `append of ${steps} steps to ${4 * steps} steps ${append4xMs.toFixed(0)} ms (x${(append4xMs / loadMs).toFixed(2)} of the load)`,
  );
  await fresh();
  return {
    grid_cells: GRID_CELLS,
    steps,
    append_vs_load: appendMs / loadMs,
    append_vs_load_4x: append4xMs / loadMs,
    load_ms: Math.round(loadMs),
    append_ms: Math.round(appendMs),
    append_4x_ms: Math.round(append4xMs),
    append_without_sketch_vs_load: withoutSketchMs / loadMs,
    append_dry_run_ms: Math.round(dryRunMs),
    preview_step_ms: Math.round(preview.ms),
    preview_open_ms: Math.round(preview.bytes ?? 0),
    audit_ms: Math.round(auditMs),
  };
}

export { median };
