import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressFigures } from '#core/operations/load/progressFigures.js';

const writing = (documents: number, totalDocuments: number, values: number, elapsedMs: number) =>
  ({ phase: 'writing', documents, totalDocuments, values, bytes: 0, elapsedMs }) as const;

describe('progressFigures', () => {
  it('a quarter written in 2 s: 25%, the rates, 6 s left', () => {
    // 25 of 100 documents and 2500 values in 2000 ms: 12.5 docs/s, 1250 values/s; the other
    // three quarters take three times as long as the first: 6 s.
    assert.deepEqual(progressFigures(writing(25, 100, 2500, 2000)), {
      fraction: 0.25,
      percent: 25,
      documentsPerSecond: 12.5,
      valuesPerSecond: 1250,
      etaSeconds: 6,
      elapsedSeconds: 2,
    });
  });

  it('rounds the percent down: 2 of 3 is 66%', () => {
    const figures = progressFigures(writing(2, 3, 20, 1000));
    assert.equal(figures.percent, 66);
    assert.equal(figures.fraction, 2 / 3);
    assert.equal(figures.etaSeconds, 0.5); // 1 s for two thirds, half a second for the last
  });

  it('nothing written yet: no rate, no estimate', () => {
    const figures = progressFigures(writing(0, 10, 0, 0));
    assert.equal(figures.fraction, 0);
    assert.equal(figures.percent, 0);
    assert.equal(figures.documentsPerSecond, 0);
    assert.equal(figures.valuesPerSecond, 0);
    assert.ok(Number.isNaN(figures.etaSeconds));
    assert.equal(figures.elapsedSeconds, 0);
  });

  it('an unknown (zero) total: fraction 0, no estimate', () => {
    const figures = progressFigures(writing(5, 0, 50, 500));
    assert.equal(figures.fraction, 0);
    assert.ok(Number.isNaN(figures.etaSeconds));
    assert.equal(figures.documentsPerSecond, 10);
  });

  it('all written: 100%, nothing left', () => {
    const figures = progressFigures(writing(8, 8, 80, 4000));
    assert.equal(figures.percent, 100);
    assert.equal(figures.etaSeconds, 0);
  });
});
