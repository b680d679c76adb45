import { FluxError } from '../../errors.js';
import type { BuiltDocument, DataDocument } from '../../mediators/types.js';

export interface WriteOptions {
  /** A batch is sent once it holds this many bytes of BSON... */
  maxBatchBytes: number;
  /** ...or this many documents. */
  maxBatchDocuments: number;
  /** Batches in flight at once (insertion workers). */
  workers: number;
  signal?: AbortSignal;
  /** Called for each document as it is built (statistics), before it is written. */
  onBuilt?(built: BuiltDocument): void;
  /** Called after each batch is stored. */
  onWritten?(documents: number, values: number, bytes: number): void;
}

/**
 * 2 MiB batches write as fast as 8 MiB ones (docs/performance.md) and keep a load's peak
 * memory lower and flat: every batch is garbage once written, and less of it is waiting for
 * the collector at any time.
 */
export const DEFAULT_WRITE_OPTIONS: WriteOptions = {
  maxBatchBytes: 2 * 1024 * 1024,
  maxBatchDocuments: 1000,
  workers: 1,
};

export class LoadCancelled extends FluxError {
  constructor() {
    super('cancelled', 'the load was cancelled');
    this.name = 'LoadCancelled';
  }
}

/** Between phases of a load: stops it (its undo follows) once the operator has cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LoadCancelled();
}

/**
 * Builds documents and writes them in batches, keeping up to `workers` batches in flight:
 * the next batch is read and built while the previous ones are being written (and waits,
 * built, for a free worker), so reading hides behind the writes. With one worker the batches
 * are written one after another, in order. Returns how many documents were written.
 */
export async function writeInBatches(
  source: AsyncIterable<BuiltDocument>,
  write: (documents: DataDocument[]) => Promise<void>,
  options: WriteOptions,
): Promise<{ documents: number; values: number; bytes: number }> {
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const totals = { documents: 0, values: 0, bytes: 0 };
  let batch: DataDocument[] = [];
  let batchBytes = 0;
  let batchValues = 0;

  const send = async () => {
    if (batch.length === 0) return;
    while (inFlight.size >= Math.max(1, options.workers)) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    const documents = batch;
    const bytes = batchBytes;
    const values = batchValues;
    batch = [];
    batchBytes = 0;
    batchValues = 0;
    const writing = write(documents).then(
      () => {
        totals.documents += documents.length;
        totals.values += values;
        totals.bytes += bytes;
        options.onWritten?.(documents.length, values, bytes);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    const tracked = writing.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  try {
    for await (const built of source) {
      throwIfCancelled(options.signal);
      if (failure !== undefined) throw failure;
      options.onBuilt?.(built);
      batch.push(built.document);
      batchBytes += built.bytes;
      batchValues += built.valueCount;
      if (batchBytes >= options.maxBatchBytes || batch.length >= options.maxBatchDocuments)
        await send();
    }
    await send();
  } finally {
    await Promise.allSettled(inFlight);
  }
  if (failure !== undefined) throw failure;
  throwIfCancelled(options.signal);
  return totals;
}
