/**
 * The batch writer's pipelining, checked with a write function whose completion the test
 * controls: which documents have been built while a write is still outstanding, and how many
 * writes are outstanding at once. (The database itself is exercised by the load tests; here
 * only the order of events matters, and a real server cannot hold a write open on demand.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BuiltDocument, DataDocument } from '#core/mediators/types.js';
import { writeInBatches } from '#core/operations/load/writer.js';

interface PendingWrite {
  ids: number[];
  finish(): void;
}

function documents(count: number, pulled: number[]): AsyncIterable<BuiltDocument> {
  return (async function* () {
    for (let id = 0; id < count; id++) {
      pulled.push(id);
      yield { document: { _id: id }, values: { v: [id] }, bytes: 10, valueCount: 1 };
    }
  })();
}

/** Lets the writer run until it has nothing left to do without a write finishing. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function controlledWrites() {
  const pending: PendingWrite[] = [];
  const written: number[][] = [];
  let most = 0;
  const write = (batch: DataDocument[]) =>
    new Promise<void>((resolve) => {
      const ids = batch.map((document) => document._id as unknown as number);
      pending.push({
        ids,
        finish: () => {
          written.push(ids);
          resolve();
        },
      });
      most = Math.max(most, pending.length);
    });
  const finishOldest = () => pending.shift()?.finish();
  return { pending, written, write, finishOldest, mostInFlight: () => most };
}

describe('writing in batches', () => {
  it('builds the next batch while one worker writes, and writes in order', async () => {
    const pulled: number[] = [];
    const writes = controlledWrites();
    const done = writeInBatches(documents(9, pulled), writes.write, {
      maxBatchBytes: 1000,
      maxBatchDocuments: 3,
      workers: 1,
    });
    await settle();
    // Batch [0,1,2] is being written; [3,4,5] is already built and waits for the worker.
    assert.deepEqual(
      writes.pending.map((write) => write.ids),
      [[0, 1, 2]],
    );
    assert.ok(pulled.includes(5), `documents 3..5 built during the first write: ${pulled}`);
    writes.finishOldest();
    await settle();
    assert.deepEqual(
      writes.pending.map((write) => write.ids),
      [[3, 4, 5]],
    );
    assert.ok(pulled.includes(8), 'the last batch is built during the second write');
    writes.finishOldest();
    await settle();
    writes.finishOldest();
    const totals = await done;
    assert.deepEqual(writes.written, [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    assert.equal(writes.mostInFlight(), 1);
    assert.deepEqual(totals, { documents: 9, values: 9, bytes: 90 });
  });

  it('keeps at most N writes in flight with N workers', async () => {
    const pulled: number[] = [];
    const writes = controlledWrites();
    const done = writeInBatches(documents(10, pulled), writes.write, {
      maxBatchBytes: 1000,
      maxBatchDocuments: 2,
      workers: 3,
    });
    for (let round = 0; round < 5; round++) {
      await settle();
      assert.ok(writes.pending.length <= 3, `${writes.pending.length} writes in flight`);
      writes.finishOldest();
    }
    await settle();
    while (writes.pending.length) writes.finishOldest();
    const totals = await done;
    assert.equal(writes.mostInFlight(), 3);
    assert.equal(totals.documents, 10);
    assert.deepEqual(
      writes.written.flat().sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  it('a failed write stops the building and is what the caller sees', async () => {
    const pulled: number[] = [];
    let calls = 0;
    const failing = async () => {
      calls++;
      if (calls === 2) throw new Error('server said no');
    };
    await assert.rejects(
      writeInBatches(documents(100, pulled), failing, {
        maxBatchBytes: 1000,
        maxBatchDocuments: 5,
        workers: 1,
      }),
      /server said no/,
    );
    assert.ok(pulled.length < 100, `building stopped early (${pulled.length} built)`);
    assert.equal(calls, 2);
  });
});
