import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeExactStats,
  ExactSum,
  radixStats,
  StatsAccumulator,
  type ParameterStats,
} from '#core/stats/index.js';
import { PYTHON_STATS, python } from '#test/support/python.js';

type Values = Array<number | null>;

function chunks(values: Values, size: number): Values[] {
  const out: Values[] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const sourceOf = (values: Values, size = 7) =>
  async function* () {
    yield* chunks(values, size);
  };

function accumulate(values: Values, size = 5): ParameterStats {
  const accumulator = new StatsAccumulator();
  for (const chunk of chunks(values, size)) accumulator.add(chunk);
  return accumulator.result();
}

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertClose(actual: ParameterStats, expected: ParameterStats, label: string): void {
  for (const key of ['min', 'max', 'median'] as const)
    assert.equal(actual[key], expected[key], `${label} ${key}`);
  for (const key of ['mean', 'std'] as const) {
    const [a, e] = [actual[key], expected[key]];
    if (a === null || e === null) assert.equal(a, e, `${label} ${key}`);
    // Both are computed with exact sums; only the final divisions and square root round.
    else
      assert.ok(
        Math.abs(a - e) <= 4e-16 * Math.max(1, Math.abs(e)),
        `${label} ${key}: ${a} vs ${e}`,
      );
  }
}

describe('exact statistics', () => {
  it('hand-computed: [1, 2, 3, 4] has mean 2.5, median (2+3)/2, sample std sqrt(5/3)', () => {
    // Squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, over n-1 = 3.
    assert.deepEqual(accumulate([4, 1, null, 3, Number.NaN, 2, Infinity]), {
      mean: 2.5,
      min: 1,
      max: 4,
      std: Math.sqrt(5 / 3),
      median: 2.5,
    });
  });

  it('one value has no std; none at all is all null', () => {
    assert.deepEqual(accumulate([7.25, null]), {
      mean: 7.25,
      min: 7.25,
      max: 7.25,
      std: null,
      median: 7.25,
    });
    assert.deepEqual(accumulate([null, Number.NaN]), {
      mean: null,
      min: null,
      max: null,
      std: null,
      median: null,
    });
  });

  it('sums exactly: [1e16, 1, -1e16] has mean 1/3 (naive summation gives 0)', () => {
    assert.equal(accumulate([1e16, 1, -1e16]).mean, 1 / 3);
    const sum = new ExactSum();
    for (const value of [1e100, 1, -1e100, 1e-100]) sum.add(value);
    assert.equal(sum.value(), 1);
  });

  it('counts duplicates and odd counts for the median; -0 is 0', () => {
    assert.equal(accumulate([5, 1, 5, 5, 2]).median, 5);
    assert.equal(accumulate([-1, -1, 3]).median, -1);
    const zero = accumulate([-0, 0, -0]);
    assert.ok(Object.is(zero.min, 0) && Object.is(zero.median, 0));
  });

  it('merging accumulators equals accumulating everything; chunking does not matter', () => {
    const next = random(1);
    const values = Array.from({ length: 5000 }, () => Math.round((next() - 0.5) * 2000) / 100);
    const [a, b] = [new StatsAccumulator(), new StatsAccumulator()];
    a.add(values.slice(0, 1234));
    b.add(values.slice(1234));
    a.merge(b);
    assert.deepEqual(a.result(), accumulate(values, 997));
    assert.deepEqual(accumulate(values, 1), accumulate(values, 5000));
  });

  it('the multi-pass fallback gives the same results as the histogram', async () => {
    const next = random(2);
    const values: Values = Array.from({ length: 20_001 }, () =>
      next() < 0.01 ? null : Math.round((next() - 0.3) * 1e6) / 1e3,
    );
    const histogram = accumulate(values);
    const fallback = await computeExactStats(sourceOf(values, 333), 100);
    assertClose(fallback, histogram, 'fallback vs histogram');
    assert.deepEqual(await radixStats(sourceOf(values)), fallback);
  });

  it('the fallback narrows the median through every 16-bit level when values collide', async () => {
    // 1 and its next double differ only in the lowest bits: every level must be used.
    const tiny = 1 + Number.EPSILON;
    const values = [1, tiny, tiny, 1, tiny, -2, 3];
    assertClose(await radixStats(sourceOf(values, 2)), accumulate(values), 'collisions');
  });

  it('matches Python (math.fsum, statistics.stdev and median) on data sets with many distinct values', async () => {
    const next = random(3);
    const sets: Values[] = [
      Array.from({ length: 10_000 }, () => Math.round((next() * 2 - 1) * 5000) / 100),
      Array.from({ length: 3_333 }, () => (next() - 0.5) * 1e9),
      Array.from({ length: 2_000 }, () => (next() < 0.2 ? null : (next() - 0.5) * 1e-9)),
      Array.from({ length: 4 }, (_, i) => [1e308, -1e308, 5e-324, 2][i] as number),
    ];
    const expected = await python<ParameterStats[]>(
      `${PYTHON_STATS}\nemit([stats(v) for v in data])`,
      sets,
    );
    for (const [index, values] of sets.entries()) {
      assertClose(
        accumulate(values),
        expected[index] as ParameterStats,
        `set ${index} (histogram)`,
      );
      assertClose(
        await computeExactStats(sourceOf(values, 101), 50),
        expected[index] as ParameterStats,
        `set ${index} (fallback)`,
      );
    }
  });
});
