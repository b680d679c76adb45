import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressReporter } from '#cli/progress.js';

const writing = (documents: number, totalDocuments: number, values: number, elapsedMs: number) =>
  ({
    phase: 'writing',
    documents,
    totalDocuments,
    values,
    bytes: 0,
    elapsedMs,
    sinceStartMs: elapsedMs,
  }) as const;

describe('ProgressReporter', () => {
  it('not on a terminal: a line with counts, rates, elapsed and ETA', () => {
    let text = '';
    const reporter = new ProgressReporter({ write: (chunk: string) => (text += chunk) }, false);
    // 25 of 100 documents, 30 000 values, 2 s: 12.5 docs/s (shown "13"), 15k values/s,
    // elapsed 0:02, ETA 0:06.
    reporter.update(writing(25, 100, 30_000, 2000));
    assert.equal(
      text,
      'Inserted 25/100 documents  13 docs/s  15.0k values/s  elapsed 0:02  ETA 0:06\n',
    );
  });

  it('on a terminal: the bar with the percent rounded down', () => {
    let text = '';
    const reporter = new ProgressReporter(
      { write: (chunk: string) => (text += chunk), isTTY: true },
      false,
    );
    reporter.update(writing(2, 3, 3_000_000, 1000));
    // 2/3 of 24 columns is 16; 66%; 3M values in 1 s; the last document takes 0.5 s: ETA 0:01.
    assert.equal(
      text,
      `\r[${'#'.repeat(16)}${'.'.repeat(8)}]  66%  2/3 documents  2 docs/s  3.0M values/s  elapsed 0:01  ETA 0:01\u001b[K`,
    );
  });

  it('a phase other than writing: its words (the UI shows the same) and the time since the start', () => {
    let text = '';
    const reporter = new ProgressReporter({ write: (chunk: string) => (text += chunk) }, false);
    reporter.update({ phase: 'backing-up', copied: 3, total: 8, sinceStartMs: 31_000 });
    reporter.update({ phase: 'committing', sinceStartMs: 3_661_000 });
    assert.equal(
      text,
      'Backing up the times it replaces: 3/8 documents  elapsed 0:31\nCommitting...  elapsed 1:01:01\n',
    );
  });
});
