import { deviationScale, ExactSum } from './exactSum.js';
import { EMPTY_STATS, type ParameterStats, type ValueChunk } from './result.js';

/** Candidates for a median rank are sorted in memory once they are at most this many. */
const IN_MEMORY_LIMIT = 4_000_000;
const BUCKETS = 65_536;

export type ValueSource = () => AsyncIterable<ValueChunk>;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * A double's bits as an unsigned 64-bit key (high, low words) whose order is the numbers'
 * order: flip every bit of a negative number, only the sign bit of a positive one.
 */
function sortableKey(value: number): [number, number] {
  bits[0] = value;
  const high = words[1] as number;
  const low = words[0] as number;
  return high & 0x80000000 ? [~high >>> 0, ~low >>> 0] : [(high | 0x80000000) >>> 0, low];
}

/** 16 bits of the key at `level` (0: the top 16 bits ... 3: the bottom 16). */
function digit(key: [number, number], level: number): number {
  const word = level < 2 ? key[0] : key[1];
  return level % 2 === 0 ? word >>> 16 : word & 0xffff;
}

function* finiteValues(chunk: ValueChunk): Generator<number> {
  for (let i = 0; i < chunk.length; i++) {
    const value = chunk[i];
    if (value !== null && value !== undefined && Number.isFinite(value)) yield value + 0;
  }
}

/**
 * Exact statistics in passes over a source that can be read again, with memory bounded by the
 * bucket tables and a few million candidates, however many values there are: pass 1 counts,
 * sums exactly and buckets by the top 16 bits of each value's order-preserving key; the
 * median's rank is then narrowed 16 bits at a time until its candidates fit in memory (or the
 * key is fully known). The squared deviations are summed in the second pass.
 */
export async function radixStats(source: ValueSource): Promise<ParameterStats> {
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  const sum = new ExactSum();
  const top = new Float64Array(BUCKETS);
  for await (const chunk of source()) {
    for (const value of finiteValues(chunk)) {
      n++;
      if (value < min) min = value;
      if (value > max) max = value;
      sum.add(value);
      top[digit(sortableKey(value), 0)] = (top[digit(sortableKey(value), 0)] as number) + 1;
    }
  }
  if (n === 0) return { ...EMPTY_STATS };
  const mean = sum.value() / n;

  const scale = deviationScale(min, max);
  const squares = new ExactSum();
  const deviations = new ExactSum();
  for await (const chunk of source()) {
    for (const value of finiteValues(chunk)) {
      const deviation = value * scale - mean * scale;
      squares.addProduct(deviation, deviation);
      deviations.add(deviation);
    }
  }
  const correction = deviations.value();
  const std =
    n > 1
      ? Math.sqrt(Math.max(0, squares.value() - (correction * correction) / n) / (n - 1)) / scale
      : null;

  const lower = await valueAtRank(source, top, Math.floor((n - 1) / 2));
  const upper = n % 2 === 1 ? lower : await valueAtRank(source, top, Math.floor(n / 2));
  return { mean, min, max, std, median: lower === upper ? lower : (lower + upper) / 2 };
}

/** The value of the given rank (0 = smallest), narrowing its key 16 bits per pass. */
async function valueAtRank(
  source: ValueSource,
  topCounts: Float64Array,
  rank: number,
): Promise<number> {
  const prefix: number[] = [];
  let counts = topCounts;
  let remaining = rank;
  for (let level = 0; level < 4; level++) {
    let bucket = 0;
    while (remaining >= (counts[bucket] as number)) {
      remaining -= counts[bucket] as number;
      bucket++;
    }
    prefix.push(bucket);
    const inBucket = counts[bucket] as number;
    const matches = (key: [number, number]) =>
      prefix.every((part, index) => digit(key, index) === part);
    if (level === 3) return keyToValue(prefix);
    if (inBucket <= IN_MEMORY_LIMIT) {
      const candidates = new Float64Array(inBucket);
      let k = 0;
      for await (const chunk of source()) {
        for (const value of finiteValues(chunk))
          if (matches(sortableKey(value))) candidates[k++] = value;
      }
      candidates.sort();
      return candidates[remaining] as number;
    }
    const next = new Float64Array(BUCKETS);
    for await (const chunk of source()) {
      for (const value of finiteValues(chunk)) {
        const key = sortableKey(value);
        if (matches(key)) next[digit(key, level + 1)] = (next[digit(key, level + 1)] as number) + 1;
      }
    }
    counts = next;
  }
  return keyToValue(prefix);
}

function keyToValue(prefix: number[]): number {
  const high = (((prefix[0] as number) << 16) | (prefix[1] as number)) >>> 0;
  const low = (((prefix[2] as number) << 16) | (prefix[3] as number)) >>> 0;
  const [h, l] = high & 0x80000000 ? [(high & 0x7fffffff) >>> 0, low] : [~high >>> 0, ~low >>> 0];
  words[1] = h;
  words[0] = l;
  return bits[0] as number;
}
