import { configText } from '../config/configText.js';
import { FluxError, UsageError } from '../errors.js';
import { JournalConflictError } from '../journal.js';
import { storedMediator } from '../mediators/registry.js';
import type { DataDocument, MediatorDefinition } from '../mediators/types.js';
import type { DatasetMetadata } from '../metadata.js';
import { statsOf } from '../metadata.js';
import { MODELS } from '../models/registry.js';
import type { ExportedFile, ModelDefinition } from '../models/types.js';
import type { DatasetStore } from '../store.js';
import { formatTimestamp } from '../time/timestamps.js';
import { MAT5_MAX_VARIABLE_BYTES, mat5MatrixBytes } from '../formats/mat5/writer.js';
import { NotFoundError } from './listDatasets.js';
import { siblingConfigPath } from './load/plan.js';

export type MatrixFormat = 'mat' | 'h5';

export interface ExportRequest {
  name: string;
  /** A file (`.mat` or `.h5`) for one-file layouts, a folder for one file per time. */
  path: string;
  /** Replace what is at `path`. */
  force?: boolean;
  /** The format of a folder's files (a file's is its extension's): `mat` by default. */
  format?: MatrixFormat;
}

export type ExportProgress = { sinceStartMs: number } & (
  | { phase: 'reading'; documents: number; totalDocuments: number }
  | { phase: 'writing'; files: number }
);

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?(progress: ExportProgress): void;
}

export interface ExportResult {
  dataset: string;
  model: string;
  /** What a load of the export needs besides `-p PATH -m MODEL -n NAME` (a folder's pattern). */
  load: { path: string; model: string; pattern?: string };
  files: Array<{ path: string; bytes: number }>;
  documents: number;
  bytes: number;
  elapsedMs: number;
}

/**
 * Columns kept out of memory while a dataset's documents arrive in any order (a server may
 * return them so), then read back in order: the adapters keep them in a file.
 */
export interface ColumnScratch {
  put(index: number, column: Float64Array): Promise<void>;
  get(index: number): Promise<Float64Array>;
  close(): Promise<void>;
}

/** An export's output while it is written: under a temporary name beside where it goes. */
export interface StagedOutput {
  writeMatrix(
    name: string,
    format: MatrixFormat,
    matrix: ExportedFile['matrix'],
    columns: AsyncIterable<Float64Array>,
  ): Promise<number>;
  writeText(name: string, text: string): Promise<number>;
  /** A scratch of `count` columns of `rows` values, removed with the staged output. */
  scratch(count: number, rows: number): Promise<ColumnScratch>;
  /** Puts the files in place under their final names; returns their paths. */
  commit(): Promise<string[]>;
  /** Removes whatever was written. */
  discard(): Promise<void>;
}

/** How an export reaches the file system; the adapters give the real one. */
export interface ExportFiles {
  /** What is at `path` now. */
  kind(path: string): Promise<'none' | 'file' | 'directory'>;
  /**
   * Output for `target`: one data file and its config (`folder` false: the names given are
   * `target`'s and its sibling config's) or a folder of files; replaces what is there if
   * `replace`, else refuses it.
   */
  stage(target: string, folder: boolean, replace: boolean): Promise<StagedOutput>;
}

export class ExportCancelled extends FluxError {
  constructor() {
    super('cancelled', 'the export was cancelled; nothing was written');
    this.name = 'ExportCancelled';
  }
}

/** The model an export writes a dataset as: the one whose default mediator stored it. */
function exportingModel(mediator: MediatorDefinition): ModelDefinition {
  const model = MODELS.find((candidate) => candidate.defaultMediator === mediator.name);
  if (!model) throw new FluxError('data', `no model loads what ${mediator.name} stores`);
  return model;
}

const FORMATS: Record<string, MatrixFormat> = { '.mat': 'mat', '.h5': 'h5', '.hdf5': 'h5' };

function extensionOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

const baseName = (path: string) =>
  path
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop() ?? path;

/**
 * `export -n NAME -o PATH`: the dataset written back as its model's input files (SPEC 4's
 * layouts), each with its config beside it, so that `load` with no other option stores the
 * same documents again (docs/export.md). One pass over the dataset, a column at a time in
 * memory (a scratch file puts documents that come in any order back in time order); written
 * under a temporary name and put in place at the end, so nothing partial is ever left under
 * the final name.
 */
export async function exportDataset(
  store: DatasetStore,
  files: ExportFiles,
  request: ExportRequest,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const started = Date.now();
  const report = (
    progress:
      | { phase: 'reading'; documents: number; totalDocuments: number }
      | { phase: 'writing'; files: number },
  ) => options.onProgress?.({ ...progress, sinceStartMs: Date.now() - started });
  const { name } = request;
  const holder = await store.readClaim(name);
  if (holder) throw new JournalConflictError(holder);
  const [metadata, exists] = await Promise.all([
    store.readMetadata(name),
    store.collectionExists(name),
  ]);
  if (!metadata || !exists)
    throw new NotFoundError(
      `no dataset "${name}"${exists ? ' with a metadata entry' : ''}; \`flux-manage db -l metadata\` lists them`,
    );
  const mediator = storedMediator(metadata);
  const model = exportingModel(mediator);
  const folder = mediator.name === 'Grid3DMediator';
  const format = outputFormat(request, folder);
  if ((await files.kind(request.path)) !== 'none' && !request.force)
    throw new FluxError(
      'conflict',
      `${request.path} exists; choose another path, or give --force to replace it`,
    );
  if (format === 'mat') await refuseOverMat5Limit(store, metadata, mediator, folder);

  const staged = await files.stage(request.path, folder, request.force === true);
  try {
    const documents = await storedDocuments(store, metadata, mediator, staged, (done, total) => {
      if (options.signal?.aborted) throw new ExportCancelled();
      report({ phase: 'reading', documents: done, totalDocuments: total });
    });
    const input = await mediator.inverse({
      metadata,
      coordinates: documents.coordinates,
      documents: documents.inOrder,
    });
    const written: Array<{ name: string; bytes: number }> = [];
    for await (const file of model.exportFiles(input, metadata)) {
      if (options.signal?.aborted) throw new ExportCancelled();
      const dataName = folder
        ? `${(file.matrix.name || 'data').toLowerCase()}_${file.suffix}.${format}`
        : baseName(request.path);
      const configName = folder
        ? dataName.replace(/\.[^.]+$/, '.json')
        : baseName(siblingConfigPath(request.path));
      written.push({
        name: configName,
        bytes: await staged.writeText(configName, configText(file.config, file.floatPaths)),
      });
      written.push({
        name: dataName,
        bytes: await staged.writeMatrix(dataName, format, file.matrix, file.columns()),
      });
      report({ phase: 'writing', files: written.length / 2 });
    }
    await documents.close();
    const paths = await staged.commit();
    const filesWritten = written.map((file, index) => ({
      path: paths[index] as string,
      bytes: file.bytes,
    }));
    return {
      dataset: name,
      model: model.name,
      load: folder
        ? { path: request.path, model: model.name, pattern: `*.${format}` }
        : { path: request.path, model: model.name },
      files: filesWritten,
      documents: documents.count,
      bytes: filesWritten.reduce((total, file) => total + file.bytes, 0),
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

/**
 * A matrix MAT v5 cannot hold (over 2 GiB) is refused before anything is read or written:
 * its size follows from the metadata and the grid's cell count.
 */
async function refuseOverMat5Limit(
  store: DatasetStore,
  metadata: DatasetMetadata,
  mediator: MediatorDefinition,
  folder: boolean,
): Promise<void> {
  const family = mediator.stored.family;
  const name = metadata._id;
  const size = Number(metadata.covariance?.size);
  const [rows, columns] =
    family === 'matrix'
      ? [size, size]
      : family === 'observations'
        ? [await store.recordCount(name), 6]
        : [
            (await store.readCoordIndex(name))?.length ?? 0,
            folder ? 9 : 2 + mediator.stored.listedTimes(metadata).length,
          ];
  if (mat5MatrixBytes('m', rows, columns) > MAT5_MAX_VARIABLE_BYTES)
    throw new FluxError(
      'input',
      `dataset "${name}" is a ${rows} x ${columns} matrix, ${(mat5MatrixBytes('m', rows, columns) / 2 ** 30).toFixed(1)} GiB: over MAT v5's 2 GiB a variable; export it to a .h5 file instead`,
    );
}

function outputFormat(request: ExportRequest, folder: boolean): MatrixFormat {
  const extension = extensionOf(request.path);
  if (folder) {
    if (FORMATS[extension])
      throw new UsageError(
        `export: this dataset is written as one file per time, into a folder: give -o a folder (not ${request.path}), and --format h5 for HDF5 files`,
      );
    return request.format ?? 'mat';
  }
  const format = FORMATS[extension];
  if (!format)
    throw new UsageError(
      `export: ${request.path} should end in .mat (MAT v5) or .h5 (HDF5): the extension decides the format`,
    );
  if (request.format && request.format !== format)
    throw new UsageError(
      `export: --format ${request.format} but ${request.path} ends in ${extension}`,
    );
  return format;
}

/** A dataset's documents, read once, handed back in the order its inverse needs them. */
interface OrderedDocuments {
  coordinates: Array<[number, number]> | null;
  count: number;
  inOrder(): AsyncIterable<DataDocument>;
  close(): Promise<void>;
}

/**
 * One pass over the stored documents. A grid's time steps and a matrix's columns go to a
 * scratch, indexed by their time (or column), and come back in order; observations are
 * passed on as they come (their order is the rows', which a load does not depend on).
 */
async function storedDocuments(
  store: DatasetStore,
  metadata: DatasetMetadata,
  mediator: MediatorDefinition,
  staged: StagedOutput,
  progress: (done: number, total: number) => void,
): Promise<OrderedDocuments> {
  const name = metadata._id;
  const family = mediator.stored.family;
  const total = await store.recordCount(name);
  if (family === 'observations') {
    const seen: DataDocument[] = [];
    for await (const document of store.scanDocuments(name, [])) {
      seen.push(document);
      progress(seen.length, total);
    }
    return {
      coordinates: null,
      count: seen.length,
      async *inOrder() {
        yield* seen;
      },
      close: () => Promise.resolve(),
    };
  }
  const coordinates = family === 'grid' ? await store.readCoordIndex(name) : null;
  if (family === 'grid' && !coordinates)
    throw new FluxError(
      'data',
      `dataset "${name}" has no coord_index entry: its grid is lost, so it cannot be exported; \`flux-manage db -a\` tells more`,
    );
  const parameters = Object.keys(statsOf(metadata));
  const rows =
    family === 'grid' ? (coordinates as unknown[]).length : Number(metadata.covariance?.size);
  const times = family === 'grid' ? mediator.stored.listedTimes(metadata) : [];
  const slots = family === 'grid' ? times.length : rows;
  const slotOf = new Map(times.map((time, index) => [time.getTime(), index]));
  const spans = new Map<number, number>();
  const filled = new Set<number>();
  const scratch = await staged.scratch(slots * parameters.length, rows);
  let count = 0;
  for await (const document of store.scanDocuments(name, [])) {
    const key = document._id;
    const slot =
      family === 'grid'
        ? key instanceof Date
          ? slotOf.get(key.getTime())
          : undefined
        : typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < rows
          ? key
          : undefined;
    if (slot === undefined)
      throw new FluxError(
        'data',
        `dataset "${name}": a document's _id (${key instanceof Date ? formatTimestamp(key) : String(key)}) is not one its metadata lists; \`flux-manage db -a --deep\` tells more`,
      );
    if (filled.has(slot))
      throw new FluxError('data', `dataset "${name}": two documents for the same time or column`);
    filled.add(slot);
    if (typeof document._span === 'number') spans.set(slot, document._span);
    for (const [p, parameter] of parameters.entries()) {
      const [values] = mediator.stored.valuesIn(document, parameter);
      await scratch.put(slot * parameters.length + p, asColumn(values, rows));
    }
    count++;
    progress(count, total);
  }
  const missing = [...Array(slots).keys()].find((slot) => !filled.has(slot));
  if (missing !== undefined)
    throw new FluxError(
      'data',
      `dataset "${name}": its metadata lists ${family === 'grid' ? `the time ${formatTimestamp(times[missing] as Date)}` : `column ${missing}`} but no document holds it; \`flux-manage db -a\` tells more`,
    );
  return {
    coordinates,
    count,
    async *inOrder() {
      for (let slot = 0; slot < slots; slot++) {
        const document: DataDocument = {
          _id: family === 'grid' ? (times[slot] as Date) : slot,
        };
        const span = spans.get(slot);
        if (span !== undefined) document._span = span;
        for (const [p, parameter] of parameters.entries())
          document[parameter] = await scratch.get(slot * parameters.length + p);
        yield document;
      }
    },
    close: () => scratch.close(),
  };
}

/** Stored values as a column of doubles: null (a hole) as NaN; a wrong length is refused. */
function asColumn(values: ArrayLike<number | null> | undefined, rows: number): Float64Array {
  if (!values || values.length !== rows)
    throw new FluxError(
      'data',
      `a document holds ${values?.length ?? 0} values for ${rows} cells; \`flux-manage db -a --deep\` tells more`,
    );
  const column = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    column[i] = typeof value === 'number' ? value : Number.NaN;
  }
  return column;
}
