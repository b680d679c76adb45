import { FluxError } from '../errors.js';
import { boundingBox } from '../mediators/metadata.js';
import type { BuiltDocument, DataDocument } from '../mediators/types.js';
import type { DatasetMetadata } from '../metadata.js';
import type { DatasetStore } from '../store.js';
import { formatTimestamp } from '../time/timestamps.js';
import type { ColumnScratch } from './export.js';
import { NotFoundError } from './listDatasets.js';
import { planFromFile, type FileAccess, type FilePlan, type LoadRequest } from './load/plan.js';
import { storedMediator } from '../mediators/registry.js';
import { MODELS } from '../models/registry.js';

/** What to verify: a load's request, its model by default the one that stored the dataset. */
export type VerifyRequest = Omit<LoadRequest, 'model' | 'existing'> & { model?: string };

/** How verify reaches files: as a load reads them, and a scratch for columns. */
export interface VerifyFiles extends FileAccess {
  /** `count` columns of `rows` doubles out of memory; removed when closed. */
  scratch(count: number, rows: number): Promise<ColumnScratch>;
}

export interface Difference {
  /** values: a value of a time step (or observation); grid: a cell of coord_index; metadata. */
  kind: 'value' | 'grid' | 'metadata' | 'missing';
  /** The time (or column) it is about, as ISO text; null for the grid and the metadata. */
  time: string | null;
  parameter?: string;
  /** The cell's index in coord_index (0 first), or the observation's row. */
  cell?: number;
  x?: number;
  y?: number;
  stored: unknown;
  file: unknown;
}

export interface VerifyReport {
  dataset: string;
  file: string;
  /** Times (or columns) the file holds, and how many of them the dataset holds too. */
  times: { inFile: number; compared: number; onlyInDataset: number };
  valuesCompared: number;
  valuesDiffering: number;
  differences: Difference[];
  /** More differences than listed. */
  truncated: boolean;
  equal: boolean;
  elapsedMs: number;
}

export type VerifyProgress =
  | { phase: 'file'; documents: number; totalDocuments: number }
  | { phase: 'dataset'; documents: number; totalDocuments: number };

export interface VerifyOptions {
  /** How many differences to keep (the first ones found); the counts cover them all. */
  limit?: number;
  onProgress?(progress: VerifyProgress): void;
  /** Stops the comparison at its next document (the UI's Esc); nothing is left behind. */
  signal?: AbortSignal;
}

export class VerifyCancelled extends FluxError {
  constructor() {
    super('cancelled', 'the comparison was cancelled');
    this.name = 'VerifyCancelled';
  }
}

/** Every pass reports each document it takes, so a cancel is seen there, a document at most late. */
function cancellable(options: VerifyOptions): VerifyOptions {
  const { signal, onProgress } = options;
  if (!signal) return options;
  return {
    ...options,
    onProgress: (progress) => {
      if (signal.aborted) throw new VerifyCancelled();
      onProgress?.(progress);
    },
  };
}

/**
 * Two stored values are the same value: numbers by value (-0 is 0: FerretDB stores -0 as 0,
 * and no reader of the data tells them apart), null (or a hole) only as null.
 */
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * `verify -n NAME -p FILE [load's options]`: reads FILE exactly as `load` would (same config
 * precedence, same rounding) and compares what it would store with what the dataset holds:
 * every value of every time the file holds, cell by cell; the grid against coord_index; the
 * metadata the file decides (title, units, grid, bbox). Times the dataset has and the file
 * does not are counted, not differences (an appended dataset has them). One pass over the
 * file (its values kept in a scratch, out of memory) and one over the dataset.
 */
export async function verifyDataset(
  store: DatasetStore,
  files: VerifyFiles,
  verify: VerifyRequest,
  given: VerifyOptions = {},
): Promise<VerifyReport> {
  const started = Date.now();
  const options = cancellable(given);
  const limit = options.limit ?? 20;
  const metadata = await store.readMetadata(verify.name);
  if (!metadata || !(await store.collectionExists(verify.name)))
    throw new NotFoundError(
      `no dataset "${verify.name}"; \`flux-manage db -l metadata\` lists them`,
    );
  const request: LoadRequest = { ...verify, model: verify.model ?? modelOf(metadata) };
  const plan = await planFromFile(request, files);
  try {
    const found = new Found(limit);
    compareMetadata(plan, metadata, found);
    const coordinates = plan.data.coordinates;
    if (plan.mediator.timeKey !== 'timestamp' && coordinates) {
      const stored = await store.readCoordIndex(request.name);
      if (!compareGrid(stored, coordinates, found)) return found.report(plan, started, null);
    }
    const times =
      plan.mediator.timeKey === 'timestamp'
        ? await compareObservations(plan, store, found, options)
        : await compareSteps(plan, store, files, found, options);
    return found.report(plan, started, times);
  } finally {
    await plan.file.close();
  }
}

/** The model a load of this dataset's kind uses by default (its mediator's). */
export function modelOf(metadata: DatasetMetadata): string {
  const mediator = storedMediator(metadata);
  return (
    MODELS.find((model) => model.defaultMediator === mediator.name)?.name ?? 'SpatioTemporalMatrix'
  );
}

/** Differences as they are found: all counted, the first `limit` kept. */
class Found {
  readonly differences: Difference[] = [];
  values = 0;
  differing = 0;
  other = 0;

  constructor(private readonly limit: number) {}

  add(difference: Difference): void {
    if (difference.kind === 'value') this.differing++;
    else this.other++;
    if (this.differences.length < this.limit) this.differences.push(difference);
  }

  report(plan: FilePlan, started: number, times: VerifyReport['times'] | null): VerifyReport {
    return {
      dataset: plan.request.name,
      file: plan.request.path,
      times: times ?? { inFile: plan.data.times.length, compared: 0, onlyInDataset: 0 },
      valuesCompared: this.values,
      valuesDiffering: this.differing,
      differences: this.differences,
      truncated: this.differing + this.other > this.differences.length,
      equal: this.differing + this.other === 0,
      elapsedMs: Date.now() - started,
    };
  }
}

/** The metadata fields the file decides: what `load` would write there. */
function compareMetadata(plan: FilePlan, metadata: DatasetMetadata, found: Found): void {
  const { values } = plan.config;
  const fields: Array<[string, unknown, unknown]> = [
    ['title', metadata.title, values.title],
    ['units', metadata.units, values.units],
    ['grid', metadata.grid, values.grid],
  ];
  if (plan.mediator.timeKey !== 'timestamp' && plan.data.coordinates)
    fields.push(['bbox', metadata.bbox, boundingBox(plan.data.coordinates)]);
  for (const [field, stored, file] of fields)
    if (JSON.stringify(stored ?? null) !== JSON.stringify(file ?? null))
      found.add({ kind: 'metadata', time: null, parameter: field, stored, file });
}

/** coord_index against the file's grid, cell by cell; false when they differ. */
function compareGrid(
  stored: Array<[number, number]> | null,
  file: Array<[number, number]>,
  found: Found,
): boolean {
  if (!stored) {
    found.add({ kind: 'grid', time: null, stored: null, file: `${file.length} cells` });
    return false;
  }
  if (stored.length !== file.length) {
    found.add({
      kind: 'grid',
      time: null,
      stored: `${stored.length} cells`,
      file: `${file.length} cells`,
    });
    return false;
  }
  let equal = true;
  stored.forEach(([x, y], cell) => {
    const [fx, fy] = file[cell] as [number, number];
    if (!same(x, fx) || !same(y, fy)) {
      equal = false;
      found.add({ kind: 'grid', time: null, cell, x: fx, y: fy, stored: [x, y], file: [fx, fy] });
    }
  });
  return equal;
}

/** A time's document key: a grid's time, or a covariance matrix's column. */
const keyOf = (document: DataDocument): number | null =>
  document._id instanceof Date
    ? document._id.getTime()
    : typeof document._id === 'number'
      ? document._id
      : null;

/**
 * Time steps (or matrix columns): the file's, built as a load builds them, go to a scratch
 * by their place; then the dataset is read once and each stored document of those times is
 * compared with the file's, value by value.
 */
async function compareSteps(
  plan: FilePlan,
  store: DatasetStore,
  files: VerifyFiles,
  found: Found,
  options: VerifyOptions,
): Promise<VerifyReport['times']> {
  const { data, mediator } = plan;
  const parameters = data.parameters;
  // A grid's step has a value per cell; a covariance matrix's column one per row.
  const matrix = data.metadataExtra?.covariance as { size?: number } | undefined;
  const rows = data.coordinates?.length ?? Number(matrix?.size);
  const slots = new Map<number, number>();
  const labels: string[] = [];
  const scratch = await files.scratch(data.documentCount * parameters.length, rows);
  try {
    let built = 0;
    for await (const document of data.documents()) {
      const key = keyOf(document.document);
      if (key === null) continue;
      const slot = slots.size;
      slots.set(key, slot);
      labels.push(labelOf(document.document));
      for (const [p, parameter] of parameters.entries())
        await scratch.put(slot * parameters.length + p, columnOf(document, parameter, rows));
      options.onProgress?.({
        phase: 'file',
        documents: ++built,
        totalDocuments: data.documentCount,
      });
    }
    const total = await store.recordCount(plan.request.name);
    const seen = new Set<number>();
    let read = 0;
    let onlyInDataset = 0;
    for await (const stored of store.scanDocuments(plan.request.name, [])) {
      options.onProgress?.({ phase: 'dataset', documents: ++read, totalDocuments: total });
      const key = keyOf(stored);
      const slot = key === null ? undefined : slots.get(key);
      if (slot === undefined) {
        onlyInDataset++;
        continue;
      }
      seen.add(slot);
      for (const [p, parameter] of parameters.entries()) {
        const file = await scratch.get(slot * parameters.length + p);
        const [values] = mediator.stored.valuesIn(stored, parameter);
        compareColumn(found, {
          label: labels[slot] as string,
          parameter,
          stored: values ?? [],
          file,
          coordinates: data.coordinates,
        });
      }
    }
    for (const [, slot] of slots)
      if (!seen.has(slot))
        found.add({
          kind: 'missing',
          time: labels[slot] as string,
          stored: null,
          file: 'a document',
        });
    return { inFile: slots.size, compared: seen.size, onlyInDataset };
  } finally {
    await scratch.close();
  }
}

function labelOf(document: DataDocument): string {
  return document._id instanceof Date
    ? formatTimestamp(document._id)
    : `column ${String(document._id)}`;
}

/** A built document's values of one parameter as doubles (null as NaN). */
function columnOf(document: BuiltDocument, parameter: string, rows: number): Float64Array {
  const values = document.values[parameter];
  const column = new Float64Array(rows).fill(Number.NaN);
  if (!values) return column;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value === 'number') column[i] = value;
  }
  return column;
}

function compareColumn(
  found: Found,
  step: {
    label: string;
    parameter: string;
    stored: ArrayLike<number | null>;
    file: Float64Array;
    coordinates: Array<[number, number]> | null;
  },
): void {
  const { stored, file } = step;
  const length = Math.max(stored.length, file.length);
  for (let cell = 0; cell < length; cell++) {
    const fileValue = Number.isNaN(file[cell] ?? Number.NaN) ? null : (file[cell] as number);
    const storedValue = typeof stored[cell] === 'number' ? (stored[cell] as number) : null;
    found.values++;
    if (same(storedValue, fileValue)) continue;
    const [x, y] = step.coordinates?.[cell] ?? [undefined, undefined];
    found.add({
      kind: 'value',
      time: step.label,
      parameter: step.parameter,
      cell,
      ...(x !== undefined ? { x } : {}),
      ...(y !== undefined ? { y } : {}),
      stored: storedValue,
      file: fileValue,
    });
  }
}

/**
 * Observations: the file's, built as a load builds them (held whole, as a load holds them),
 * against the dataset's observations of the same times, read in one pass; an observation is
 * its time, its point and its values, compared as a multiset per time.
 */
async function compareObservations(
  plan: FilePlan,
  store: DatasetStore,
  found: Found,
  options: VerifyOptions,
): Promise<VerifyReport['times']> {
  const { data } = plan;
  const parameters = data.parameters;
  const key = (document: DataDocument) => {
    const point = document.coordinates as unknown[];
    const properties = (document.properties ?? {}) as Record<string, unknown>;
    return JSON.stringify([point, parameters.map((p) => properties[p] ?? null)]);
  };
  const byTime = new Map<number, Map<string, number>>();
  let built = 0;
  for await (const document of data.documents()) {
    for (const observation of observationsOf(document.document)) {
      const time = (observation.timestamp as Date).getTime();
      const counts = byTime.get(time) ?? new Map<string, number>();
      counts.set(key(observation), (counts.get(key(observation)) ?? 0) + 1);
      byTime.set(time, counts);
    }
    options.onProgress?.({ phase: 'file', documents: ++built, totalDocuments: data.documentCount });
  }
  const total = await store.recordCount(plan.request.name);
  const storedTimes = new Set<number>();
  let read = 0;
  let onlyInDataset = 0;
  for await (const document of store.scanDocuments(plan.request.name, [])) {
    options.onProgress?.({ phase: 'dataset', documents: ++read, totalDocuments: total });
    for (const observation of observationsOf(document)) {
      const time = observation.timestamp instanceof Date ? observation.timestamp.getTime() : NaN;
      const counts = byTime.get(time);
      if (!counts) {
        onlyInDataset++;
        continue;
      }
      storedTimes.add(time);
      const k = key(observation);
      found.values += parameters.length;
      const left = counts.get(k) ?? 0;
      if (left > 0) counts.set(k, left - 1);
      else found.add(observationDifference(observation, parameters));
    }
  }
  for (const [time, counts] of byTime)
    for (const [k, left] of counts)
      for (let i = 0; i < left; i++) {
        const [point, values] = JSON.parse(k) as [number[], unknown[]];
        found.values += parameters.length;
        found.add({
          kind: 'value',
          time: formatTimestamp(new Date(time)),
          parameter: parameters.join(','),
          x: point[0] as number,
          y: point[1] as number,
          stored: null,
          file: values,
        });
      }
  return { inFile: byTime.size, compared: storedTimes.size, onlyInDataset };
}

/** A stored observation the file does not hold (its time is one the file has). */
function observationDifference(observation: DataDocument, parameters: string[]): Difference {
  const point = observation.coordinates as number[];
  const properties = (observation.properties ?? {}) as Record<string, unknown>;
  return {
    kind: 'value',
    time: formatTimestamp(observation.timestamp as Date),
    parameter: parameters.join(','),
    x: point[0] as number,
    y: point[1] as number,
    stored: parameters.map((p) => properties[p] ?? null),
    file: null,
  };
}

function observationsOf(document: DataDocument): DataDocument[] {
  return Array.isArray(document.features) ? (document.features as DataDocument[]) : [document];
}
