import { storedFamily } from '../mediators/registry.js';
import { NotFoundError } from './listDatasets.js';
import type { CatalogStore, CollectionStore, DocumentStore } from '../store.js';

/** What a preview reads: never the journal, never a write. */
type PreviewStore = CollectionStore & CatalogStore & DocumentStore;
import { formatTimestamp } from '../time/timestamps.js';
import { datasetTimes } from './datasetTimes.js';
import {
  LookupReader,
  SequentialReader,
  stopIfAborted,
  type StepReader,
  type StepReadOptions,
} from './stepReader.js';
import { statsOf, type DatasetMetadata } from '../metadata.js';
import type { ParameterStats } from '../stats/result.js';

export { datasetTimes };

/** One time of a dataset, ready to draw: gridded cells or observation points. */
export interface PreviewFrame {
  dataset: string;
  kind: 'grid' | 'points' | 'none';
  /** The parameter drawn, one of `parameters`: those the metadata has statistics for. */
  parameter: string | null;
  parameters: string[];
  /** The parameter's units as the metadata gives them, HTML entities decoded ("µmol/m²"). */
  units: string | null;
  /** The units of x and y (metadata `units`, else the grid's): "degrees" for most datasets. */
  axes: { x: string | null; y: string | null };
  /** Index of this time among the dataset's times, and how many there are. */
  index: number;
  count: number;
  time: string | null;
  /** Every time of the dataset (`YYYY-MM-DDTHH:MM:SS`, oldest first): what `index` counts. */
  times: readonly string[];
  points: Array<{ x: number; y: number; value: number | null }>;
  /**
   * The parameter's min and max over the whole dataset (metadata stats): the legend's "data"
   * figures, and the colour scale only where `scale` is null.
   */
  range: { min: number; max: number } | null;
  /**
   * The colour scale to draw with, the same for every time step: mean ± 2 standard deviations
   * (clipped to min and max) so that a few outliers do not wash out the rest, or min to max.
   */
  scale: PreviewScale | null;
  /** The map's extent, the same for every time step (the dataset's bbox; see previewExtent). */
  extent: PreviewExtent | null;
  /** A grid's cell size, for drawing cells rather than dots. */
  cell: { x: number; y: number } | null;
}

export interface PreviewScale {
  low: number;
  high: number;
  method: 'mean ± 2 std' | 'min to max';
}

export interface PreviewExtent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** How far a read has got: on FerretDB, reaching a step reads every step stored before it. */
export interface PreviewProgress {
  /** The step (1-based, in stored order) the read has reached, and how many there are. */
  step: number;
  count: number;
}

export interface PreviewOptions {
  /** The parameter to draw; null or one the metadata does not list: the first it lists. */
  parameter?: string | null;
  /** Then read the next step too, for a viewer stepping forward (the default). */
  readAhead?: boolean;
  onProgress?: (progress: PreviewProgress) => void;
}

/** One cell of a grid through time: its value at each of the dataset's times. */
export interface CellSeries {
  dataset: string;
  parameter: string | null;
  /** The cell: its index in the coord_index (and in every step's array). */
  cell: number;
  /** One value per time of the dataset (`PreviewFrame.times`), oldest first; null where none. */
  values: Array<number | null>;
}

/** How far a cell's series has been read: documents read, of the dataset's time steps. */
export interface SeriesProgress {
  read: number;
  count: number;
}

export interface SeriesOptions {
  /** As for a frame: null or one the metadata does not list means the first it lists. */
  parameter?: string | null;
  onProgress?: (progress: SeriesProgress) => void;
}

/** Values kept in series per session (about 16 MB), whatever the number of steps. */
const KEPT_VALUES = 2_000_000;
/**
 * Where every document is read whole anyway (FerretDB), the pass for one cell keeps the cells
 * around it too, this many cells east and west and half as many north and south: moving the
 * cursor near it then reads nothing.
 */
const AROUND = 16;

const seriesKey = (cell: number, parameter: string | null) => `${cell} ${parameter ?? ''}`;

/** The HTML entities units are written with (code points as HTML defines them). */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  deg: '\u00b0',
  micro: '\u00b5',
  mu: '\u03bc',
  sup1: '\u00b9',
  sup2: '\u00b2',
  sup3: '\u00b3',
  minus: '\u2212',
  middot: '\u00b7',
  times: '\u00d7',
  permil: '\u2030',
};

/**
 * A parameter's units from the metadata, as the Carbon Data Explorer (a web page) shows them:
 * the original configs write them as HTML ("&mu;mol/m&sup2;"), so entities are decoded;
 * one this does not know is left as written.
 */
export function parameterUnits(metadata: DatasetMetadata, parameter: string | null): string | null {
  const units = parameter === null ? undefined : metadata.units?.[parameter];
  if (typeof units !== 'string' || units.trim() === '') return null;
  return units.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d?);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[name] ?? ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** The units of x and y: the metadata's `units.x`/`units.y`, else the grid's `units`. */
function axisUnits(metadata: DatasetMetadata): PreviewFrame['axes'] {
  const grid = typeof metadata.grid?.units === 'string' ? metadata.grid.units : null;
  const axis = (name: 'x' | 'y') => {
    const units = metadata.units?.[name];
    return typeof units === 'string' ? units : grid;
  };
  return { x: axis('x'), y: axis('y') };
}

/**
 * The colour scale from a parameter's metadata stats: mean ± 2·std clipped to [min, max] when
 * mean and std are numbers and std > 0, otherwise min to max; null without min and max.
 */
export function previewScale(
  stats: Partial<ParameterStats> | null | undefined,
): PreviewScale | null {
  const min = stats?.min;
  const max = stats?.max;
  if (!isNumber(min) || !isNumber(max)) return null;
  const { mean, std } = stats ?? {};
  if (isNumber(mean) && isNumber(std) && std > 0) {
    return {
      low: Math.max(min, mean - 2 * std),
      high: Math.min(max, mean + 2 * std),
      method: 'mean ± 2 std',
    };
  }
  return { low: min, high: max, method: 'min to max' };
}

/**
 * The map's extent for every time step, from the metadata bbox [minx, miny, maxx, maxy]: a
 * grid's bbox holds cell centres, so it is widened by half a cell on each side when the grid's
 * x and y sizes are known; observation points are drawn within the bbox as it is. Null
 * without a bbox.
 */
export function previewExtent(metadata: DatasetMetadata): PreviewExtent | null {
  const bbox = metadata.bbox;
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(isNumber)) return null;
  const [minX, minY, maxX, maxY] = bbox as [number, number, number, number];
  const grid = metadata.grid as { x?: unknown; y?: unknown } | undefined;
  const cells = storedFamily(metadata) !== 'observations';
  const halfX = cells && isNumber(grid?.x) ? grid.x / 2 : 0;
  const halfY = cells && isNumber(grid?.y) ? grid.y / 2 : 0;
  return { minX: minX - halfX, minY: minY - halfY, maxX: maxX + halfX, maxY: maxY + halfY };
}

/**
 * A dataset opened for the preview: its metadata and coord_index are read once; each time
 * step is then one `_id` lookup with a limit (observations: one query for the date), and the
 * step after the one asked for is read ahead, so that stepping through time waits for nothing.
 * Where a lookup reads the collection up to the match (FerretDB v1) a step far ahead takes
 * long: the read reports how far it has got, and a request for another step stops it.
 */
export class PreviewSession {
  private readonly frames = new Map<string, Promise<PreviewFrame>>();
  /** The read asked for last, until it is done: a request for another frame stops it. */
  private asked: {
    key: string;
    controller: AbortController;
    onProgress: PreviewOptions['onProgress'];
  } | null = null;
  readonly times: readonly string[];
  /** Cells' series read whole, newest last (per cell and parameter). */
  private readonly series = new Map<string, CellSeries>();
  /** The pass reading series, until it is done: a request for a cell it does not read stops it. */
  private pass: {
    parameter: string | null;
    cells: Set<number>;
    controller: AbortController;
    listener: Pick<SeriesOptions, 'onProgress'>;
    done: Promise<Map<number, CellSeries>>;
  } | null = null;

  private constructor(
    private readonly store: PreviewStore,
    private readonly name: string,
    private readonly metadata: DatasetMetadata,
    private readonly coordinates: Array<[number, number]> | null,
    private readonly steps: StepReader,
    private readonly dates: Date[],
    /** Whether a time lookup is indexed (MongoDB); if not, reads go document by document. */
    private readonly indexed: boolean,
  ) {
    this.times = dates.map(formatTimestamp);
  }

  static async open(store: PreviewStore, name: string): Promise<PreviewSession> {
    const metadata = await store.readMetadata(name);
    if (!metadata) throw new NotFoundError(`no metadata for "${name}"`);
    const coordinates =
      storedFamily(metadata) === 'observations' ? null : await store.readCoordIndex(name);
    const indexed = (await store.serverInfo()).indexedTimes;
    const steps = indexed ? new LookupReader(store, name) : new SequentialReader(store, name);
    return new PreviewSession(
      store,
      name,
      metadata,
      coordinates,
      steps,
      datasetTimes(metadata),
      indexed,
    );
  }

  /** Lets go of the reader's cursor (the UI closes a session when it reads the list again). */
  close(): Promise<void> {
    this.stop();
    return this.steps.close();
  }

  /** Stops the reads asked for last, if still on their way (the operator left, or moved on). */
  stop(): void {
    this.stopSeries();
    this.stopFrame();
  }

  /** Stops the step asked for last (another step is wanted): a cell's series reads on. */
  private stopFrame(): void {
    if (!this.asked) return;
    this.asked.controller.abort();
    this.frames.delete(this.asked.key);
    this.asked = null;
  }

  /** Stops the pass reading series, if one is (the cursor moved away, or was hidden). */
  stopSeries(): void {
    if (!this.pass) return;
    this.pass.controller.abort();
    this.pass = null;
  }

  /** The parameter a request means: the one asked if the metadata lists it, else its first. */
  private parameterFor(asked: string | null | undefined): string | null {
    const parameters = this.parameters;
    return asked && parameters.includes(asked) ? asked : (parameters[0] ?? null);
  }

  /**
   * One cell's value at every time of the dataset (`cell`: its index in the coord_index), in
   * one pass over the collection (`DocumentStore.cellValues`). On MongoDB the pass reads that
   * element alone. On FerretDB it reads every document, one a round trip, so it reports each
   * one, and it keeps the cells around this one from the same documents (AROUND): a request
   * for one of those waits for the same pass, a request for any other cell stops it, as
   * `stopSeries` does. Series read whole are kept. Observations and matrices have no cells:
   * every value is null.
   */
  cellSeries(cell: number, options: SeriesOptions = {}): Promise<CellSeries> {
    const parameter = this.parameterFor(options.parameter);
    const kept = this.series.get(seriesKey(cell, parameter));
    if (kept) {
      this.keep(kept);
      return Promise.resolve(kept);
    }
    let pass = this.pass;
    if (!pass || pass.parameter !== parameter || !pass.cells.has(cell)) {
      this.stopSeries();
      pass = this.startPass(cell, parameter);
    }
    pass.listener.onProgress = options.onProgress;
    return pass.done.then((read) => read.get(cell) as CellSeries);
  }

  private startPass(cell: number, parameter: string | null) {
    const cells = this.indexed ? [cell] : this.around(cell);
    const controller = new AbortController();
    const listener: Pick<SeriesOptions, 'onProgress'> = {};
    const done = this.readPass(cells, parameter, controller.signal, (read) =>
      listener.onProgress?.({ read, count: this.dates.length }),
    );
    const pass = { parameter, cells: new Set(cells), controller, listener, done };
    this.pass = pass;
    const settled = () => {
      if (this.pass === pass) this.pass = null;
    };
    done.then((read) => {
      settled();
      for (const series of read.values()) this.keep(series);
    }, settled);
    return pass;
  }

  /** Keeps a series (as the newest), forgetting the oldest beyond KEPT_VALUES values. */
  private keep(series: CellSeries): void {
    const key = seriesKey(series.cell, series.parameter);
    this.series.delete(key);
    this.series.set(key, series);
    const most = Math.max(1, Math.floor(KEPT_VALUES / Math.max(1, this.dates.length)));
    while (this.series.size > most) this.series.delete(this.series.keys().next().value as string);
  }

  /**
   * `cell` and the grid's cells within AROUND cells east or west and AROUND / 2 north or south
   * of it (no more than half of KEPT_VALUES' worth: the nearest); only `cell` without a grid.
   */
  private around(cell: number): number[] {
    const coordinates = this.coordinates;
    const grid = this.metadata.grid as { x?: unknown; y?: unknown } | undefined;
    const start = coordinates?.[cell];
    if (!coordinates || !start || !isNumber(grid?.x) || !isNumber(grid?.y)) return [cell];
    const [x0, y0] = start;
    const reachX = (AROUND + 0.5) * Math.abs(grid.x);
    const reachY = (AROUND / 2 + 0.5) * Math.abs(grid.y);
    const near: Array<[number, number]> = [];
    coordinates.forEach(([x, y], index) => {
      const dx = Math.abs(x - x0);
      const dy = Math.abs(y - y0);
      if (index !== cell && dx < reachX && dy < reachY) near.push([index, dx + dy]);
    });
    const most = Math.floor(KEPT_VALUES / 2 / Math.max(1, this.dates.length)) - 1;
    if (near.length > most) near.sort((a, b) => a[1] - b[1]).splice(Math.max(0, most));
    return [cell, ...near.map(([index]) => index)];
  }

  private async readPass(
    cells: number[],
    parameter: string | null,
    signal: AbortSignal,
    onRead: (read: number) => void,
  ): Promise<Map<number, CellSeries>> {
    const series = new Map(
      cells.map((cell) => [
        cell,
        { dataset: this.name, parameter, cell, values: this.dates.map(() => null) } as CellSeries,
      ]),
    );
    const family = storedFamily(this.metadata);
    const asked = cells.filter((cell) => cell < (this.coordinates?.length ?? 0));
    if (!parameter || family === 'observations' || family === 'matrix' || asked.length === 0)
      return series;
    const steps = new Map(this.dates.map((date, index) => [date.getTime(), index]));
    const options = this.indexed ? {} : { batchDocuments: 1 };
    const targets = asked.map((cell) => (series.get(cell) as CellSeries).values);
    let read = 0;
    for await (const { _id, values } of this.store.cellValues(
      this.name,
      parameter,
      asked,
      options,
    )) {
      stopIfAborted(signal);
      onRead(++read);
      const step = _id instanceof Date ? steps.get(_id.getTime()) : undefined;
      if (step === undefined) continue;
      targets.forEach((target, k) => (target[step] = values[k] ?? null));
    }
    stopIfAborted(signal);
    return series;
  }

  /** The parameters the metadata has statistics for, in its order. */
  get parameters(): string[] {
    return Object.keys(statsOf(this.metadata));
  }

  /**
   * Time step `index`, held to the first and the last (never wrapping around: on FerretDB the
   * last step is the most expensive to reach), of `options.parameter`.
   */
  async frame(index: number, options: PreviewOptions = {}): Promise<PreviewFrame> {
    const { readAhead = true, onProgress } = options;
    const parameter = this.parameterFor(options.parameter);
    const count = this.dates.length;
    const at = Math.max(0, Math.min(count - 1, Math.trunc(index) || 0));
    const key = frameKey(at, parameter);
    const next = at + 1 < count ? frameKey(at + 1, parameter) : null;
    // Another step is wanted now: stop the read on its way to the last one.
    if (this.asked && this.asked.key !== key) this.stopFrame();
    // Asked again while it is read: the newest asker hears how far it has got.
    const asked = this.asked ?? { key, controller: new AbortController(), onProgress };
    asked.onProgress = onProgress;
    this.asked = asked;
    const frame = this.read(at, parameter, {
      onProgress: (step) => asked.onProgress?.({ step, count }),
      signal: asked.controller.signal,
    });
    const settled = () => {
      if (this.asked === asked) this.asked = null;
    };
    frame.then(settled, settled);
    // Only the asked-for frame and the one after it are kept.
    for (const kept of this.frames.keys())
      if (kept !== key && kept !== next) this.frames.delete(kept);
    if (readAhead && next !== null) {
      frame.then(
        () => void this.read(at + 1, parameter).catch(() => undefined),
        () => undefined,
      );
    }
    return frame;
  }

  private read(at: number, parameter: string | null, options: StepReadOptions = {}) {
    const key = frameKey(at, parameter);
    let frame = this.frames.get(key);
    if (!frame) {
      frame = this.build(at, parameter, options);
      this.frames.set(key, frame);
      frame.catch(() => {
        if (this.frames.get(key) === frame) this.frames.delete(key);
      });
    }
    return frame;
  }

  private async build(
    at: number,
    parameter: string | null,
    options: StepReadOptions,
  ): Promise<PreviewFrame> {
    const { metadata, name, dates, times } = this;
    const stored = statsOf(metadata);
    const stats = parameter ? (stored[parameter] ?? null) : null;
    const range =
      stats && stats.min !== null && stats.max !== null
        ? { min: stats.min as number, max: stats.max as number }
        : null;
    const empty: PreviewFrame = {
      dataset: name,
      kind: 'none',
      parameter,
      parameters: this.parameters,
      units: parameterUnits(metadata, parameter),
      axes: axisUnits(metadata),
      index: 0,
      count: dates.length,
      time: null,
      times,
      points: [],
      range,
      scale: previewScale(stats),
      extent: previewExtent(metadata),
      cell: null,
    };
    const family = storedFamily(metadata);
    if (dates.length === 0 || !parameter || family === 'matrix') return empty;
    const time = dates[at] as Date;
    const base = { ...empty, index: at, time: times[at] ?? null };
    if (family === 'observations') {
      const documents = await this.store.documentsAt(name, 'timestamp', time);
      const points = documents.flatMap((document) => {
        const coordinates = document.coordinates as unknown[] | undefined;
        const value = (document.properties as Record<string, unknown> | undefined)?.[parameter];
        if (!Array.isArray(coordinates)) return [];
        return [
          {
            x: Number(coordinates[0]),
            y: Number(coordinates[1]),
            value: typeof value === 'number' ? value : null,
          },
        ];
      });
      return { ...base, kind: 'points', points };
    }
    const document = await this.steps.read(time, options);
    const values = document?.[parameter];
    const coordinates = this.coordinates;
    if (!coordinates || !Array.isArray(values)) return base;
    const grid = metadata.grid as { x?: unknown; y?: unknown } | undefined;
    return {
      ...base,
      kind: 'grid',
      points: coordinates.map(([x, y], cell) => ({
        x,
        y,
        value: typeof values[cell] === 'number' ? (values[cell] as number) : null,
      })),
      cell:
        typeof grid?.x === 'number' && typeof grid?.y === 'number'
          ? { x: grid.x, y: grid.y }
          : null,
    };
  }
}

const frameKey = (at: number, parameter: string | null) => `${at} ${parameter ?? ''}`;

/** Reads one time step of a dataset (held to the first and the last): a session for one frame. */
export async function previewFrame(
  store: PreviewStore,
  name: string,
  index: number,
  parameter: string | null = null,
): Promise<PreviewFrame> {
  const session = await PreviewSession.open(store, name);
  try {
    return await session.frame(index, { parameter, readAhead: false });
  } finally {
    await session.close();
  }
}
