import { FluxError } from '../errors.js';
import type { DataDocument } from '../mediators/types.js';
import type { DocumentStore } from '../store.js';

/** How a read is followed and stopped: the position it has reached, and a newer request. */
export interface StepReadOptions {
  /**
   * Called for each document a sequential reader passes on its way (`position`: how many it
   * has read from the start of the collection, in stored order); a lookup calls it never.
   */
  onProgress?: (position: number) => void;
  /** Aborted: the read stops between two documents and rejects (kind "cancelled"). */
  signal?: AbortSignal;
}

/** Reads the document of one time step of a grid dataset. */
export interface StepReader {
  read(time: Date, options?: StepReadOptions): Promise<DataDocument | null>;
  close(): Promise<void>;
}

export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FluxError('cancelled', 'a newer step or cell was asked for');
}

/** Where a time lookup uses an index (MongoDB): one `_id` lookup with a limit per step. */
export class LookupReader implements StepReader {
  constructor(
    private readonly store: DocumentStore,
    private readonly name: string,
  ) {}

  async read(time: Date, options: StepReadOptions = {}): Promise<DataDocument | null> {
    stopIfAborted(options.signal);
    return (await this.store.documentsAt(this.name, '_id', time))[0] ?? null;
  }

  async close(): Promise<void> {}
}

/** Steps kept in memory by the sequential reader (~1 MB each on a 1-degree grid). */
const KEPT_STEPS = 16;

/**
 * Where any query on a time reads the collection up to the match (FerretDB v1): one cursor
 * walks the dataset in stored order, one document per round trip, keeping the last steps it
 * read. Stepping forward (the order a dataset is loaded in) reads one document a step; going
 * back a few steps reads nothing; a step the cursor passed long ago starts it again. Reaching
 * a step far ahead reads every step before it: the read reports its position as it goes, and
 * a newer request can stop it (the cursor stays where it got to).
 */
export class SequentialReader implements StepReader {
  private cursor: AsyncIterator<DataDocument> | null = null;
  /** How many documents the cursor has read since it started, and the time of the last. */
  private position = 0;
  private lastTime: number | null = null;
  private readonly kept = new Map<number, DataDocument>();
  /** Reads wait for each other: one cursor, one position. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DocumentStore,
    private readonly name: string,
  ) {}

  read(time: Date, options: StepReadOptions = {}): Promise<DataDocument | null> {
    const result = this.queue.then(() => this.find(time.getTime(), options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async find(wanted: number, options: StepReadOptions): Promise<DataDocument | null> {
    const cached = this.kept.get(wanted);
    if (cached) return cached;
    // A dataset is stored in time order as a rule: a step before the last one read lies behind
    // the cursor, so start again at once rather than walk to the end first.
    const behind = this.lastTime !== null && wanted < this.lastTime;
    const fromStart = !this.cursor || behind;
    if (fromStart) await this.restart();
    const found = await this.walk(wanted, options);
    if (found || fromStart) return found;
    // Not between the cursor and the end: it may still lie behind (an append of older times).
    await this.restart();
    return this.walk(wanted, options);
  }

  /** Reads on until the step's document, or the end of the collection (null). */
  private async walk(
    wanted: number,
    { onProgress, signal }: StepReadOptions,
  ): Promise<DataDocument | null> {
    for (;;) {
      stopIfAborted(signal);
      const next = await (this.cursor as AsyncIterator<DataDocument>).next();
      if (next.done) {
        this.cursor = null;
        this.lastTime = null;
        return null;
      }
      this.position++;
      onProgress?.(this.position);
      const time = next.value._id;
      if (!(time instanceof Date)) continue;
      this.lastTime = time.getTime();
      this.keep(time.getTime(), next.value);
      if (time.getTime() === wanted) return next.value;
    }
  }

  private keep(time: number, document: DataDocument): void {
    this.kept.delete(time);
    this.kept.set(time, document);
    while (this.kept.size > KEPT_STEPS) this.kept.delete(this.kept.keys().next().value as number);
  }

  private async restart(): Promise<void> {
    await this.cursor?.return?.();
    const documents = this.store.scanDocuments(this.name, [], { batchDocuments: 1 });
    this.cursor = documents[Symbol.asyncIterator]();
    this.position = 0;
    this.lastTime = null;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.cursor?.return?.();
    this.cursor = null;
  }
}
