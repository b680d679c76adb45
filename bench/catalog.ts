/**
 * The catalog at a realistic size (issue 20): what one operation costs in a database of a few
 * global datasets and in one of many. The database holds `small`, then `large` 1-degree
 * global datasets (64,800 cells, two time steps each, their coord_index and statistics sketch
 * as a load writes them); at each size a small new dataset (the casa fixture) is loaded,
 * dry-run, renamed and removed, and the whole database audited, each as the operator runs it
 * (the whole CLI command, the median of `runs`), and the UI's list and one dataset's preview
 * are opened as the UI opens them (in this process). `catalog_scale` is each figure at `large`
 * over the same at `small`: a cost that does not grow with the catalog is about 1.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MongoClient, type Db, type Document } from 'mongodb';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { COORD_INDEX, METADATA, SUMMARY_STATS } from '#core/names.js';
import { datasetOverview } from '#core/operations/overview.js';
import { PreviewSession } from '#core/operations/preview.js';
import { median } from './children.js';
import { GRID_CELLS, writeStmMat } from './inputs.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const CASA = fileURLToPath(new URL('../../test/fixtures/flux/casagfed2004.mat', import.meta.url));
const run = promisify(execFile);

type Log = (line: string) => void;

export const CATALOG_OPERATIONS = [
  'load',
  'dry_run',
  'rename',
  'remove',
  'audit',
  'ui_list',
  'preview_open',
] as const;
export type CatalogOperation = (typeof CATALOG_OPERATIONS)[number];

export interface CatalogFigures {
  grid_cells: number;
  datasets: { small: number; large: number };
  /** Milliseconds (median of the runs) at each size. */
  small_ms: Record<CatalogOperation, number>;
  large_ms: Record<CatalogOperation, number>;
  /** large_ms / small_ms, per operation: target <= 1.5. */
  catalog_scale: Record<CatalogOperation, number>;
  /** `db -a` at the large size, per dataset: target <= 100. */
  audit_per_dataset_ms: number;
}

async function timedCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await run(process.execPath, [CLI, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - started;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** A dataset's every document and entry, as stored (number types kept), to make copies of. */
interface DatasetImage {
  documents: Document[];
  entries: Array<{ collection: string; document: Document }>;
}

async function imageOf(db: Db, name: string): Promise<DatasetImage> {
  const raw = { promoteValues: false } as const;
  const documents = await db.collection(name).find({}, raw).toArray();
  const entries: DatasetImage['entries'] = [];
  for (const collection of [METADATA, COORD_INDEX, SUMMARY_STATS]) {
    const document = await db.collection(collection).findOne({ _id: name as never }, raw);
    if (document) entries.push({ collection, document });
  }
  return { documents, entries };
}

/** A copy of the dataset under another name: what loading the same file again would store. */
async function copyDataset(db: Db, image: DatasetImage, name: string): Promise<void> {
  await db.collection(name).insertMany(image.documents.map((document) => ({ ...document })));
  for (const { collection, document } of image.entries)
    await db.collection(collection).insertOne({ ...document, _id: name as never });
}

const globalName = (index: number) => `global_${String(index).padStart(3, '0')}`;

async function measureAt(
  db: Db,
  env: NodeJS.ProcessEnv,
  runs: number,
  log: Log,
): Promise<Record<CatalogOperation, number>> {
  const samples = Object.fromEntries(
    CATALOG_OPERATIONS.map((op) => [op, [] as number[]]),
  ) as Record<CatalogOperation, number[]>;
  const casa = (name: string, ...extra: string[]) => [
    'load',
    '-p',
    CASA,
    '-m',
    'SpatioTemporalMatrix',
    '-n',
    name,
    '-q',
    ...extra,
  ];
  const store = new MongoStore(db);
  for (let attempt = 0; attempt < runs; attempt++) {
    samples.load.push(await timedCli(casa('probe'), env));
    samples.dry_run.push(await timedCli(casa('probe_dry', '--dry-run'), env));
    samples.rename.push(await timedCli(['rename', '-n', 'probe', '-r', 'probe_renamed'], env));
    samples.remove.push(await timedCli(['remove', '-n', 'probe_renamed', '--yes'], env));
    samples.audit.push(await timedCli(['db', '-a'], env));
    samples.ui_list.push(await timed(() => datasetOverview(store)));
    samples.preview_open.push(
      await timed(async () => {
        const session = await PreviewSession.open(store, globalName(0));
        try {
          await session.frame(0, { readAhead: false });
        } finally {
          await session.close();
        }
      }),
    );
  }
  const figures = Object.fromEntries(
    CATALOG_OPERATIONS.map((op) => [op, Math.round(median(samples[op]))]),
  ) as Record<CatalogOperation, number>;
  log(
    `  ${CATALOG_OPERATIONS.map((op) => `${op} ${figures[op]} ms`).join(', ')} (median of ${runs})`,
  );
  return figures;
}

export async function runCatalogBenchmark(
  options: { small: number; large: number; runs: number },
  dir: string,
  uri: string,
  log: Log,
): Promise<CatalogFigures> {
  const client = await new MongoClient(uri).connect();
  const dbName = `flux_bench_catalog_${process.pid}`;
  const db = client.db(dbName);
  const env = { ...process.env, MONGODB_URI: uri, FLUX_DB: dbName };
  try {
    await db.dropDatabase();
    const file = path.join(dir, 'global.mat');
    await writeStmMat(file, 2);
    await timedCli(
      ['load', '-p', file, '-m', 'SpatioTemporalMatrix', '-n', globalName(0), '-q'],
      env,
    );
    const image = await imageOf(db, globalName(0));
    let count = 1;
    const grow = async (to: number) => {
      const started = performance.now();
      for (; count < to; count++) await copyDataset(db, image, globalName(count));
      log(
        `${to} global datasets (${GRID_CELLS} cells x 2 steps each) in the database (${((performance.now() - started) / 1000).toFixed(0)} s to add them)`,
      );
    };
    await grow(options.small);
    const small = await measureAt(db, env, options.runs, log);
    await grow(options.large);
    const large = await measureAt(db, env, options.runs, log);
    const scale = Object.fromEntries(
      CATALOG_OPERATIONS.map((op) => [op, Number((large[op] / Math.max(1, small[op])).toFixed(2))]),
    ) as Record<CatalogOperation, number>;
    return {
      grid_cells: GRID_CELLS,
      datasets: { small: options.small, large: options.large },
      small_ms: small,
      large_ms: large,
      catalog_scale: scale,
      audit_per_dataset_ms: Math.round(large.audit / options.large),
    };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}
