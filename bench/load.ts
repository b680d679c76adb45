/**
 * Load benchmark (issue 8): the real load path against a raw driver insertMany of the same
 * documents, one insertOne per document as the old tool did, read throughput, peak memory at
 * T1 and 4 x T1 time steps, insertion workers, and the dataset listing over many datasets;
 * and (issue 13) what writing every value as a BSON double adds to the load.
 * Every timed step runs in a child process (bench/measure) so each has its own peak RSS.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { startEmbedded, stopEmbedded } from '#adapters/embedded/server.js';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { datasetOverview, type DatasetRow } from '#core/operations/overview.js';
import { median, measureInChild } from './children.js';
import { GRID_CELLS, writeStmHdf5, writeStmMat, writeXco2Mat } from './inputs.js';
import type { Measurement } from './measure.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

export interface LoadBenchmarkOptions {
  steps: number;
  observations: number;
  runs: number;
  datasets: number;
  workers: number[];
}

export interface InputFigures {
  input: string;
  format: 'mat5' | 'hdf5';
  documents: number;
  file_mb: number;
  read_mb_per_s: number;
  load_ms: number[];
  insert_ms: number[];
  per_doc_insert_ms: number;
  load_vs_insert: number;
  vs_per_doc: number;
  peak_rss_mb: number;
  /** Extra serialisation time of writing every value as a BSON double (measure.ts encode). */
  doubles_encoding_ms: number;
  /** doubles_encoding_ms as a share of the median load: what it adds to load_vs_insert. */
  doubles_encoding_share: number;
}

type Log = (line: string) => void;

export async function withServer<T>(log: Log, work: (uri: string) => Promise<T>): Promise<T> {
  if (process.env.MONGODB_URI) return work(process.env.MONGODB_URI);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-server-'));
  try {
    const { uri } = await startEmbedded({ dataDir, port: 0 });
    if (!uri) throw new Error('the embedded server did not start');
    log(`embedded FerretDB at ${uri} (data in a temporary folder)`);
    return await work(uri);
  } finally {
    await stopEmbedded(dataDir);
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

export async function runLoadBenchmark(options: LoadBenchmarkOptions, log: Log) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-load-'));
  try {
    return await withServer(log, async (uri) => {
      const client = await new MongoClient(uri).connect();
      try {
        return await benchmark(options, log, dir, uri, client);
      } finally {
        await client.close();
      }
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function benchmark(
  options: LoadBenchmarkOptions,
  log: Log,
  dir: string,
  uri: string,
  client: MongoClient,
) {
  const dbName = `flux_bench_${process.pid}`;
  const env = { ...process.env, MONGODB_URI: uri, FLUX_DB: dbName };
  const fresh = () => client.db(dbName).dropDatabase();
  const t1 = options.steps;
  const t2 = 4 * t1;

  const inputs: { file: string; format: 'mat5' | 'hdf5'; steps: number }[] = [];
  for (const steps of [t1, t2]) {
    const mat = path.join(dir, `stm-${steps}.mat`);
    const hdf = path.join(dir, `stm-${steps}.h5`);
    log(`writing ${GRID_CELLS} cells x ${steps} steps as compressed MAT v5 and as HDF5`);
    await writeStmMat(mat, steps);
    await writeStmHdf5(hdf, steps);
    inputs.push({ file: mat, format: 'mat5', steps }, { file: hdf, format: 'hdf5', steps });
  }
  const xco2 = path.join(dir, 'xco2.mat');
  log(`writing ${options.observations} XCO2 observations as compressed MAT v5`);
  await writeXco2Mat(xco2, options.observations);

  const figures: InputFigures[] = [];
  const measureInput = async (
    label: string,
    file: string,
    format: 'mat5' | 'hdf5',
    model: string,
    variable: string,
  ) => {
    const read = await measureInChild(['read', file, variable], env);
    const loads: Measurement[] = [];
    const inserts: Measurement[] = [];
    for (let run = 0; run < options.runs; run++) {
      await fresh();
      loads.push(await measureInChild(['load', file, 'bench_load', model, '1'], env));
      await fresh();
      inserts.push(await measureInChild(['insert', file, 'bench_insert', model], env));
    }
    await fresh();
    const perDoc = await measureInChild(['perdoc', file, 'bench_perdoc', model], env);
    await fresh();
    const encoding = await measureInChild(['encode', file, 'bench_encode', model], env);
    const loadMs = median(loads.map((m) => m.ms));
    const insertMs = median(inserts.map((m) => m.ms));
    const result: InputFigures = {
      input: label,
      format,
      documents: loads[0]?.documents ?? 0,
      file_mb: (await fs.stat(file)).size / 1e6,
      read_mb_per_s: (read.bytes ?? 0) / 1e6 / (read.ms / 1000),
      load_ms: loads.map((m) => Math.round(m.ms)),
      insert_ms: inserts.map((m) => Math.round(m.ms)),
      per_doc_insert_ms: Math.round(perDoc.ms),
      load_vs_insert: loadMs / insertMs,
      vs_per_doc: perDoc.ms / loadMs,
      peak_rss_mb: Math.max(...loads.map((m) => m.peakRssMb)),
      doubles_encoding_ms: Math.round(encoding.ms),
      doubles_encoding_share: encoding.ms / loadMs,
    };
    log(
      `${label}: ${result.documents} documents; load ${loadMs.toFixed(0)} ms, insertMany ${insertMs.toFixed(0)} ms (x${result.load_vs_insert.toFixed(2)}), insertOne each ${result.per_doc_insert_ms} ms (load ${result.vs_per_doc.toFixed(1)}x faster); read ${result.read_mb_per_s.toFixed(0)} MB/s; load peak RSS ${result.peak_rss_mb.toFixed(0)} MB; doubles ${result.doubles_encoding_ms} ms (${(100 * result.doubles_encoding_share).toFixed(1)}% of the load)`,
    );
    figures.push(result);
    return result;
  };

  const grids = new Map<string, InputFigures>();
  const gridKey = (steps: number, format: 'mat5' | 'hdf5') => `${format} ${steps}`;
  for (const input of inputs) {
    const measured = await measureInput(
      `SpatioTemporalMatrix ${input.steps} steps (${input.format})`,
      input.file,
      input.format,
      'SpatioTemporalMatrix',
      'flux',
    );
    grids.set(gridKey(input.steps, input.format), measured);
  }
  const observations = await measureInput(
    `XCO2Matrix ${options.observations} observations (mat5)`,
    xco2,
    'mat5',
    'XCO2Matrix',
    'xco2',
  );

  const workerFigures: { workers: number; load_ms: number }[] = [];
  const largest = inputs.find((input) => input.steps === t2 && input.format === 'mat5');
  for (const workers of options.workers) {
    if (!largest) break;
    await fresh();
    const measured = await measureInChild(
      ['load', largest.file, 'bench_workers', 'SpatioTemporalMatrix', String(workers)],
      env,
    );
    workerFigures.push({ workers, load_ms: Math.round(measured.ms) });
    log(`--workers ${workers}: load of ${t2} steps ${measured.ms.toFixed(0)} ms`);
  }
  await fresh();

  const listing = await measureListing(client.db(dbName), options.datasets, env, log);
  await fresh();

  const peak = (steps: number, format: 'mat5' | 'hdf5') =>
    grids.get(gridKey(steps, format))?.peak_rss_mb ?? Number.NaN;
  const stmAt = (steps: number) => grids.get(gridKey(steps, 'mat5'));
  return {
    grid_cells: GRID_CELLS,
    t1,
    t2,
    inputs: figures,
    load_vs_insert: stmAt(t2)?.load_vs_insert ?? Number.NaN,
    load_vs_insert_t1: stmAt(t1)?.load_vs_insert ?? Number.NaN,
    doubles_encoding_share: stmAt(t2)?.doubles_encoding_share ?? Number.NaN,
    vs_per_doc: observations.vs_per_doc,
    rss_growth: peak(t2, 'mat5') / peak(t1, 'mat5'),
    rss_growth_hdf5: peak(t2, 'hdf5') / peak(t1, 'hdf5'),
    workers: workerFigures,
    listing,
  };
}

/** `db -l collections -x` over many small datasets, timed as an operator runs it. */
async function measureListing(
  db: ReturnType<MongoClient['db']>,
  datasets: number,
  env: NodeJS.ProcessEnv,
  log: Log,
) {
  log(`creating ${datasets} small datasets`);
  const names = Array.from({ length: datasets }, (_, k) => `listing_${String(k).padStart(4, '0')}`);
  for (const name of names) {
    await db.collection<{ _id: Date; values: number[] }>(name).insertMany(
      Array.from({ length: 3 }, (_, k) => ({
        _id: new Date(Date.UTC(2004, 0, 1 + k)),
        values: [k, k + 1],
      })),
    );
  }
  await db
    .collection<{ _id: string; title: string }>('metadata')
    .insertMany(names.map((name) => ({ _id: name, title: name })));
  const run = promisify(execFile);
  const times: number[] = [];
  let listed = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    const { stdout } = await run(process.execPath, [CLI, 'db', '-l', 'collections', '-x'], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    times.push(performance.now() - started);
    listed = stdout.split('\n').filter((line) => /\(3 records\)$/.test(line)).length;
  }
  const ms = median(times);
  log(
    `db -l collections -x over ${datasets} datasets: ${ms.toFixed(0)} ms (whole command, median of 3; ${listed} listed)`,
  );
  // The TUI's list read whole, and its automatic refresh when nothing changed (docs/ui.md).
  const store = new MongoStore(db);
  const overview = (known?: DatasetRow[]) => async () => {
    const started = performance.now();
    const result = await datasetOverview(store, known);
    return { ms: performance.now() - started, rows: result.rows };
  };
  const whole = await overview()();
  const reads = [whole.ms];
  for (let attempt = 1; attempt < 3; attempt++) reads.push((await overview()()).ms);
  const refreshes: number[] = [];
  for (let attempt = 0; attempt < 5; attempt++) refreshes.push((await overview(whole.rows)()).ms);
  const ui = { whole_ms: Math.round(median(reads)), refresh_ms: Math.round(median(refreshes)) };
  log(
    `the TUI's list over ${datasets} datasets: read whole ${ui.whole_ms} ms, refreshed with nothing changed ${ui.refresh_ms} ms (medians)`,
  );
  return { datasets, listed, ms: Math.round(ms), ui };
}
