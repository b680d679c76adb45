/**
 * `npm run bench` (add `-- --json` for one JSON object on the last line). Not run by CI.
 * Options: --steps T1 (default 24; T2 is 4 x T1), --observations N (default 40000),
 * --runs N (default 3), --datasets N (default 500), --workers 1,2,4, --readers-only,
 * --load-only, --append-only, --append-steps T (default 48), --catalog-only,
 * --catalog SMALL,LARGE (default 10,100 global datasets), --export-only, --export-steps T
 * (default 96), --checks-only, --checks-steps T (default 96; no server), --netcdf-only,
 * --netcdf-steps T (default 96; NetCDF also at 4T). Several --X-only options run those parts. The
 * server is MONGODB_URI's,
 * otherwise an embedded FerretDB of its own.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { runAppendBenchmark } from './append.js';
import { runCatalogBenchmark } from './catalog.js';
import { runChecksBenchmark } from './checks.js';
import { runExportBenchmark } from './export.js';
import { runLoadBenchmark, withServer } from './load.js';
import { runNetCdfBenchmark } from './netcdf.js';
import { runReaderBenchmark } from './readers.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    steps: { type: 'string', default: '24' },
    observations: { type: 'string', default: '40000' },
    runs: { type: 'string', default: '3' },
    datasets: { type: 'string', default: '500' },
    workers: { type: 'string', default: '1,2,4' },
    'readers-only': { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    'append-only': { type: 'boolean', default: false },
    'append-steps': { type: 'string', default: '48' },
    'catalog-only': { type: 'boolean', default: false },
    'export-only': { type: 'boolean', default: false },
    'export-steps': { type: 'string', default: '96' },
    'checks-only': { type: 'boolean', default: false },
    'checks-steps': { type: 'string', default: '96' },
    catalog: { type: 'string', default: '10,100' },
    'netcdf-only': { type: 'boolean', default: false },
    'netcdf-steps': { type: 'string', default: '96' },
  },
});
const count = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`bench: --${name} needs a count`);
  return value;
};

const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model ?? 'unknown',
  memory_gb: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
};
log(
  `flux-manage benchmark on Node ${machine.node}, ${machine.cpus} x ${machine.cpu_model}, ${machine.memory_gb} GB`,
);

const summary: Record<string, unknown> = { machine };
// The parts of the benchmark; --X-only options choose some, none chooses all.
const PARTS = ['readers', 'load', 'append', 'catalog', 'export', 'checks', 'netcdf'] as const;
const chosen = PARTS.filter((part) => values[`${part}-only`]);
const runs = (part: (typeof PARTS)[number]) => chosen.length === 0 || chosen.includes(part);
if (runs('readers')) {
  const readers = await runReaderBenchmark([200, 800], log);
  const byColumns = (columns: number, compressed: boolean) =>
    readers.find((result) => result.columns === columns && result.compressed === compressed);
  summary.readers = readers;
  summary.reader_rss_growth_uncompressed =
    (byColumns(800, false)?.peakRssMb ?? 0) / (byColumns(200, false)?.peakRssMb ?? 1);
  summary.reader_rss_growth_compressed =
    (byColumns(800, true)?.peakRssMb ?? 0) / (byColumns(200, true)?.peakRssMb ?? 1);
}
if (runs('load')) {
  const load = await runLoadBenchmark(
    {
      steps: count('steps', values.steps),
      observations: count('observations', values.observations),
      runs: count('runs', values.runs),
      datasets: count('datasets', values.datasets),
      workers: values.workers.split(',').map((text) => count('workers', text)),
    },
    log,
  );
  Object.assign(summary, load);
  log(
    `load_vs_insert ${load.load_vs_insert.toFixed(2)} (target <= 1.1; BSON doubles ${(100 * load.doubles_encoding_share).toFixed(1)}% of it, <= 5%), rss_growth ${load.rss_growth.toFixed(2)} (<= 1.2), observations vs per-document inserts ${load.vs_per_doc.toFixed(1)}x (>= 10), db -l collections -x over ${load.listing.datasets} datasets ${load.listing.ms} ms (< 2000)`,
  );
}
if (runs('append')) {
  const steps = count('append-steps', values['append-steps']);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-append-'));
  try {
    const append = await withServer(log, async (uri) => {
      const client = await new MongoClient(uri).connect();
      const dbName = `flux_bench_append_${process.pid}`;
      try {
        const env = { ...process.env, MONGODB_URI: uri, FLUX_DB: dbName };
        const db = client.db(dbName);
        return await runAppendBenchmark(
          steps,
          dir,
          env,
          () => db.dropDatabase(),
          (name) => db.collection<{ _id: string }>('summary_stats').deleteOne({ _id: name }),
          log,
        );
      } finally {
        await client.close();
      }
    });
    summary.append = append;
    log(
      `append_vs_load ${append.append_vs_load.toFixed(2)} (target <= 1.3), at 4x the existing steps ${append.append_vs_load_4x.toFixed(2)}; append_dry_run_ms ${append.append_dry_run_ms} (< 2000); preview_step_ms ${append.preview_step_ms} (< 1000); db -a ${append.audit_ms} ms`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
if (runs('catalog')) {
  const [small = 10, large = 100] = values.catalog.split(',').map((text) => count('catalog', text));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-catalog-'));
  try {
    const catalog = await withServer(log, (uri) =>
      runCatalogBenchmark({ small, large, runs: count('runs', values.runs) }, dir, uri, log),
    );
    summary.catalog = catalog;
    log(
      `catalog_scale (${large} over ${small} global datasets, target <= 1.5 each): ${Object.entries(
        catalog.catalog_scale,
      )
        .map(([operation, ratio]) => `${operation} ${ratio.toFixed(2)}`)
        .join(', ')}; audit_per_dataset_ms ${catalog.audit_per_dataset_ms} (<= 100)`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
if (runs('export')) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-export-'));
  try {
    const exported = await withServer(log, (uri) =>
      runExportBenchmark(
        count('export-steps', values['export-steps']),
        count('runs', values.runs),
        dir,
        { ...process.env, MONGODB_URI: uri, FLUX_DB: `flux_bench_export_${process.pid}` },
        log,
      ),
    );
    summary.export = exported;
    log(
      `export_vs_scan ${exported.export_vs_scan.toFixed(2)} (target <= 1.3), export memory growth from T to 4T ${exported.export_rss_growth.toFixed(2)} (flat: about 1)`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
if (runs('checks')) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-checks-'));
  try {
    summary.checks = await runChecksBenchmark(
      count('checks-steps', values['checks-steps']),
      count('runs', values.runs),
      dir,
      log,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
if (runs('netcdf')) {
  const netcdf = await runNetCdfBenchmark(
    count('netcdf-steps', values['netcdf-steps']),
    count('runs', values.runs),
    log,
  );
  summary.netcdf = netcdf;
  log(
    `netcdf_vs_mat ${netcdf.netcdf_vs_mat.toFixed(2)} (target <= 1.2; without the server ${netcdf.netcdf_vs_mat_read.toFixed(2)}), NetCDF memory growth from T to 4T ${netcdf.netcdf_rss_growth.toFixed(2)} (flat: about 1)`,
  );
}
if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
