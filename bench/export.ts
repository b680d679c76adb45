/**
 * Export (issue 21): `flux-manage export` of a 64,800-cell grid against a raw driver scan of
 * the same collection, in the same run (`export_vs_scan`: an export can do no better than
 * reading every document once, target <= 1.3), and its peak memory at T and 4T steps (flat:
 * one time step in memory at a time). Each measurement in a child process of its own.
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

export interface ExportFigures {
  grid_cells: number;
  steps: number;
  export_ms: number;
  scan_ms: number;
  /** Export time over a raw scan of the same collection: target <= 1.3. */
  export_vs_scan: number;
  export_peak_rss_mb: { t: number; t4: number };
  /** Peak memory at 4T over T: flat is about 1. */
  export_rss_growth: number;
}

export async function runExportBenchmark(
  steps: number,
  runs: number,
  dir: string,
  env: NodeJS.ProcessEnv,
  log: Log,
): Promise<ExportFigures> {
  const file = (name: string) => path.join(dir, name);
  const small = Math.max(1, Math.round(steps / 4));
  log(`writing ${GRID_CELLS} cells x ${small} and x ${steps} steps; loading them`);
  await writeStmMat(file('t.mat'), small);
  await writeStmMat(file('t4.mat'), steps);
  for (const [source, name] of [
    ['t.mat', 'export_t'],
    ['t4.mat', 'export_t4'],
  ] as const)
    await run(
      process.execPath,
      [CLI, 'load', '-p', file(source), '-m', 'SpatioTemporalMatrix', '-n', name, '-q'],
      { env },
    );
  const exports: number[] = [];
  const scans: number[] = [];
  let rssT4 = 0;
  for (let attempt = 0; attempt < runs; attempt++) {
    // In turn, so that a drifting machine weighs on both alike.
    scans.push((await measureInChild(['scan', 'export_t4'], env)).ms);
    const exported = await measureInChild(['export', 'export_t4', file(`t4-${attempt}.mat`)], env);
    exports.push(exported.ms);
    rssT4 = Math.max(rssT4, exported.peakRssMb);
  }
  const rssT = (await measureInChild(['export', 'export_t', file('t-out.mat')], env)).peakRssMb;
  const exportMs = median(exports);
  const scanMs = median(scans);
  log(
    `export of ${steps} steps ${exportMs.toFixed(0)} ms, raw scan of them ${scanMs.toFixed(0)} ms (x${(exportMs / scanMs).toFixed(2)}); export peak RSS ${rssT.toFixed(0)} MB at ${small} steps, ${rssT4.toFixed(0)} MB at ${steps}`,
  );
  return {
    grid_cells: GRID_CELLS,
    steps,
    export_ms: Math.round(exportMs),
    scan_ms: Math.round(scanMs),
    export_vs_scan: exportMs / scanMs,
    export_peak_rss_mb: { t: Math.round(rssT), t4: Math.round(rssT4) },
    export_rss_growth: rssT4 / rssT,
  };
}
