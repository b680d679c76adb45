import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paceMemory } from '#adapters/runtime/memoryPacer.js';
import type { LoadProgress } from '#core/operations/load/execute.js';

const writing = (bytes: number): LoadProgress => ({
  phase: 'writing',
  documents: 1,
  totalDocuments: 10,
  values: 1,
  bytes,
  elapsedMs: 1,
  sinceStartMs: 1,
});

describe('memory pacing of a load', () => {
  it('passes every progress event on, in order', () => {
    const seen: LoadProgress[] = [];
    const pace = paceMemory((progress) => seen.push(progress), 100);
    const events: LoadProgress[] = [
      { phase: 'recovering', detail: 'x', sinceStartMs: 0 },
      writing(50),
      writing(150),
      { phase: 'statistics', sinceStartMs: 2 },
      { phase: 'committing', sinceStartMs: 3 },
    ];
    for (const event of events) pace(event);
    assert.deepEqual(seen, events);
  });

  it('runs a full collection once enough bytes are written', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => {
      collected = true;
    });
    // An object nothing refers to any more: only a collection reclaims it.
    (() => registry.register({ payload: new Array<number>(10_000).fill(1) }, 'garbage'))();
    const pace = paceMemory(undefined, 1000);
    pace(writing(500)); // below the threshold
    pace(writing(1500)); // past it: a collection
    for (let wait = 0; wait < 20 && !collected; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(collected, 'the unreferenced object was collected');
  });
});
