/**
 * One load-benchmark measurement, run in a child process of its own so that its peak
 * resident set size (process.resourceUsage().maxRSS) belongs to it alone. Prints one JSON
 * object. Modes:
 *   load   FILE DATASET MODEL WORKERS  the real load path (runLoad), end to end
 *   insert FILE DATASET MODEL          the same documents built first (the data documents
 *                                      and a grid's coord_index entry), then what is timed:
 *                                      insertOne of the coord_index entry and a raw driver
 *                                      insertMany per batch (same batch limits, same write
 *                                      concern)
 *   perdoc FILE DATASET MODEL          the same documents, one insertOne each (the old tool)
 *   encode FILE DATASET MODEL          the same documents serialised to BSON as they are and
 *                                      as the store writes them (every value a double): `ms`
 *                                      is the extra time the doubles take, `bytes` the time
 *                                      to serialise the plain documents
 *   read   FILE VARIABLE               decode every column of a variable
 *   preview DATASET STEPS              the UI's preview opened on step 0, then stepped forward
 *                                      8 times: the median wait for a step
 *   series DATASET                     the preview's cell cursor: opened on step 0, the series
 *                                      of one cell through every step, then of the next cell
 *                                      (`ms` the first, `bytes` the second, `documents` read)
 *   export DATASET PATH                `flux-manage export` of the dataset to PATH, end to end
 *   scan   DATASET                     a raw driver scan of the dataset's collection (every
 *                                      document, as the server returns them): what an export
 *                                      cannot do with less
 * The server and database come from MONGODB_URI and FLUX_DB.
 */
import { BSON } from 'mongodb';
import { dataDocument } from '#adapters/mongo/bsonNumbers.js';
import { connect } from '#adapters/mongo/connect.js';
import { paceMemory } from '#adapters/runtime/memoryPacer.js';
import { coordIndexDocument, MongoStore } from '#adapters/mongo/MongoStore.js';
import type { DataDocument } from '#core/mediators/types.js';
import { COORD_INDEX } from '#core/names.js';
import { runLoad } from '#core/operations/load/index.js';
import { planFromFile } from '#core/operations/load/plan.js';
import { DEFAULT_WRITE_OPTIONS } from '#core/operations/load/writer.js';
import { PreviewSession } from '#core/operations/preview.js';
import { exportDataset } from '#core/operations/export.js';
import { EXPORT_FILES } from '#adapters/files/exportFiles.js';
import { median } from './children.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';

export interface Measurement {
  ms: number;
  peakRssMb: number;
  documents: number;
  /** Bytes of numbers decoded (read mode). */
  bytes?: number;
}

const files = LOCAL_FILES;
const need = (value: string | undefined, what: string): string => {
  if (value === undefined) throw new Error(`bench/measure: missing ${what}`);
  return value;
};
const uri = () => need(process.env.MONGODB_URI, 'MONGODB_URI');
const dbName = () => need(process.env.FLUX_DB, 'FLUX_DB');
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function measureLoad(
  path: string,
  name: string,
  model: string,
  workers: number,
): Promise<Measurement> {
  const connection = await connect(uri(), dbName());
  try {
    const store = new MongoStore(connection.db);
    const started = performance.now();
    // As `flux-manage load` runs it (src/cli/commands/load.ts), memory pacing included.
    const onProgress = paceMemory(undefined);
    const [result] = await runLoad({ path, name, model, workers, onProgress }, store, files);
    const ms = performance.now() - started;
    return { ms, peakRssMb: peakRssMb(), documents: result?.written.documents ?? 0 };
  } finally {
    await connection.close();
  }
}

/** The documents of a load, built in memory in the batches the loader would send. */
async function builtBatches(path: string, name: string, model: string) {
  const plan = await planFromFile({ path, name, model }, files);
  const coordinates = plan.data.coordinates;
  const batches: DataDocument[][] = [];
  let batch: DataDocument[] = [];
  let bytes = 0;
  for await (const built of plan.data.documents()) {
    batch.push(built.document);
    bytes += built.bytes;
    if (
      bytes >= DEFAULT_WRITE_OPTIONS.maxBatchBytes ||
      batch.length >= DEFAULT_WRITE_OPTIONS.maxBatchDocuments
    ) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length) batches.push(batch);
  await plan.file.close();
  return { batches, coordinates };
}

async function measureInsert(
  path: string,
  name: string,
  model: string,
  oneByOne: boolean,
): Promise<Measurement> {
  const { batches, coordinates } = await builtBatches(path, name, model);
  const connection = await connect(uri(), dbName());
  try {
    const collection = connection.db.collection(name);
    // The load writes a gridded dataset's coord_index entry too: the same document here.
    const nested = (await new MongoStore(connection.db).serverInfo()).nestedArrays;
    const coordIndex = coordinates && coordIndexDocument(name, coordinates, nested);
    let documents = 0;
    const started = performance.now();
    if (coordIndex) {
      await connection.db.collection<typeof coordIndex>(COORD_INDEX).insertOne(coordIndex);
    }
    for (const batch of batches) {
      if (oneByOne) for (const document of batch) await collection.insertOne(document);
      else await collection.insertMany(batch, { ordered: true });
      documents += batch.length;
    }
    const ms = performance.now() - started;
    return { ms, peakRssMb: peakRssMb(), documents };
  } finally {
    await connection.close();
  }
}

/**
 * What writing every value as a BSON double costs (issue 13): each document serialised as the
 * driver would serialise it plain (whole numbers become int32) and as the store hands it over
 * (dataDocument), one right after the other, in alternating order so that warming up and
 * collection pauses fall on both alike; 3 rounds, the median round's difference.
 */
async function measureEncoding(path: string, name: string, model: string): Promise<Measurement> {
  const { batches } = await builtBatches(path, name, model);
  const documents = batches.flat();
  const timed = (work: () => unknown) => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };
  const rounds: { plain: number; doubles: number }[] = [];
  for (let round = 0; round < 3; round++) {
    let plain = 0;
    let doubles = 0;
    documents.forEach((document, k) => {
      const plainPass = () => (plain += timed(() => BSON.serialize(document)));
      const doublesPass = () => (doubles += timed(() => BSON.serialize(dataDocument(document))));
      for (const pass of k % 2 ? [plainPass, doublesPass] : [doublesPass, plainPass]) pass();
    });
    rounds.push({ plain, doubles });
  }
  rounds.sort((a, b) => a.doubles - a.plain - (b.doubles - b.plain));
  const middle = rounds[1] ?? { plain: 0, doubles: 0 };
  return {
    ms: middle.doubles - middle.plain,
    peakRssMb: peakRssMb(),
    documents: documents.length,
    bytes: middle.plain,
  };
}

async function measureRead(path: string, variable: string): Promise<Measurement> {
  const started = performance.now();
  const data = await files.openDataFile(path);
  const matrix = await data.matrix(variable);
  let bytes = 0;
  for await (const column of matrix.readColumns()) bytes += column.length * 8;
  await data.close();
  return { ms: performance.now() - started, peakRssMb: peakRssMb(), documents: 0, bytes };
}

/**
 * The preview as an operator uses it: opened on a dataset, then stepped forward one step at
 * a time (each step waited for, drawn, and a moment spent looking at it, as the UI does while
 * it reads the next one ahead). `ms` is the median wait for a step; `bytes` carries the wait
 * to open it on the first step, `documents` the steps stepped through.
 */
async function measurePreview(name: string, steps: number): Promise<Measurement> {
  const connection = await connect(uri(), dbName());
  try {
    const store = new MongoStore(connection.db);
    let started = performance.now();
    const session = await PreviewSession.open(store, name);
    await session.frame(0);
    const openMs = performance.now() - started;
    const waits: number[] = [];
    for (let k = 1; k <= Math.min(8, steps - 1); k++) {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // looking at the step shown
      started = performance.now();
      const frame = await session.frame(k);
      waits.push(performance.now() - started);
      if (frame.points.length === 0) throw new Error(`bench/measure: step ${k} drew nothing`);
    }
    await session.close();
    return { ms: median(waits), peakRssMb: peakRssMb(), documents: waits.length, bytes: openMs };
  } finally {
    await connection.close();
  }
}

/**
 * The cell cursor's series as the UI reads it (`PreviewSession.cellSeries`): the preview
 * opened on step 0, then one cell's value at every step, timed until the series is whole; then
 * the next cell's (the cursor moved by one), which reads the collection again.
 */
async function measureSeries(name: string): Promise<Measurement> {
  const connection = await connect(uri(), dbName());
  try {
    const session = await PreviewSession.open(new MongoStore(connection.db), name);
    const frame = await session.frame(0, { readAhead: false });
    const cell = Math.floor(frame.points.length / 2);
    let documents = 0;
    const timed = async (at: number) => {
      const started = performance.now();
      const series = await session.cellSeries(at, {
        onProgress: ({ read }) => (documents = Math.max(documents, read)),
      });
      if (series.values.every((value) => value === null))
        throw new Error(`bench/measure: cell ${at} has no value in any step`);
      return performance.now() - started;
    };
    const first = await timed(cell);
    const second = await timed(cell + 1);
    await session.close();
    return { ms: first, peakRssMb: peakRssMb(), documents, bytes: second };
  } finally {
    await connection.close();
  }
}

/** The export path as `flux-manage export` runs it (src/cli/commands/export.ts). */
async function measureExport(name: string, target: string): Promise<Measurement> {
  const connection = await connect(uri(), dbName());
  try {
    const store = new MongoStore(connection.db);
    const started = performance.now();
    const result = await exportDataset(store, EXPORT_FILES, { name, path: target });
    return {
      ms: performance.now() - started,
      peakRssMb: peakRssMb(),
      documents: result.documents,
      bytes: result.bytes,
    };
  } finally {
    await connection.close();
  }
}

/** Every document of a collection through the driver, as the server returns them. */
async function measureScan(name: string): Promise<Measurement> {
  const connection = await connect(uri(), dbName());
  try {
    const started = performance.now();
    let documents = 0;
    for await (const _document of connection.db.collection(name).find({})) documents++;
    return { ms: performance.now() - started, peakRssMb: peakRssMb(), documents };
  } finally {
    await connection.close();
  }
}

const [mode, path, third, model, workers] = process.argv.slice(2);
if (mode === 'scan' || mode === 'export') {
  const name = need(path, 'DATASET');
  const measured =
    mode === 'scan' ? await measureScan(name) : await measureExport(name, need(third, 'PATH'));
  process.stdout.write(`${JSON.stringify(measured)}\n`);
  process.exit(0);
}
if (mode === 'series') {
  process.stdout.write(`${JSON.stringify(await measureSeries(need(path, 'DATASET')))}\n`);
  process.exit(0);
}
if (mode === 'preview') {
  const measured = await measurePreview(need(path, 'DATASET'), Number(need(third, 'STEPS')));
  process.stdout.write(`${JSON.stringify(measured)}\n`);
  process.exit(0);
}
const file = need(path, 'FILE');
const second = need(third, 'DATASET or VARIABLE');
let measured: Measurement;
if (mode === 'read') measured = await measureRead(file, second);
else if (mode === 'load')
  measured = await measureLoad(file, second, need(model, 'MODEL'), Number(workers ?? '1'));
else if (mode === 'encode') measured = await measureEncoding(file, second, need(model, 'MODEL'));
else if (mode === 'insert' || mode === 'perdoc')
  measured = await measureInsert(file, second, need(model, 'MODEL'), mode === 'perdoc');
else throw new Error(`bench/measure: unknown mode ${mode}`);
process.stdout.write(`${JSON.stringify(measured)}\n`);
