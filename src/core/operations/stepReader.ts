import type { DataDocument } from '../mediators/types.js';
import type { DocumentStore } from '../store.js';

/** Reads the document of one time step of a grid dataset. */
export interface StepReader {
  read(time: Date): Promise<DataDocument | null>;
  close(): Promise<void>;
}

/** Where a time lookup uses an index (MongoDB): one `_id` lookup with a limit per step. */
export class LookupReader implements StepReader {
  constructor(
    private readonly store: DocumentStore,
    private readonly name: string,
  ) {}

  async read(time: Date): Promise<DataDocument | null> {
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
 * back a few steps reads nothing; a step the cursor passed long ago starts it again.
 */
export class SequentialReader implements StepReader {
  private cursor: AsyncIterator<DataDocument> | null = null;
  private readonly kept = new Map<number, DataDocument>();
  /** Reads wait for each other: one cursor, one position. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DocumentStore,
    private readonly name: string,
  ) {}

  read(time: Date): Promise<DataDocument | null> {
    const result = this.queue.then(() => this.find(time.getTime()));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async find(wanted: number): Promise<DataDocument | null> {
    const cached = this.kept.get(wanted);
    if (cached) return cached;
    // Once from where the cursor is, then once from the start (the step may lie behind it).
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.cursor || attempt === 1) await this.restart();
      for (;;) {
        const next = await (this.cursor as AsyncIterator<DataDocument>).next();
        if (next.done) {
          this.cursor = null;
          break;
        }
        const time = next.value._id;
        if (!(time instanceof Date)) continue;
        this.keep(time.getTime(), next.value);
        if (time.getTime() === wanted) return next.value;
      }
    }
    return null;
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
  }

  async close(): Promise<void> {
    await this.queue;
    await this.cursor?.return?.();
    this.cursor = null;
  }
}
