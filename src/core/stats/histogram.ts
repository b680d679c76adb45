import { deviationScale, ExactSum } from './exactSum.js';
import { EMPTY_STATS, type ParameterStats, type ValueChunk } from './result.js';

/** Past this many distinct values the histogram gives up (about 32 MB of tables). */
export const DEFAULT_DISTINCT_LIMIT = 2_000_000;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function hashOf(value: number): number {
  bits[0] = value;
  // Murmur-style mix of both halves of the double's bits.
  let h = Math.imul((words[0] as number) ^ Math.imul(words[1] as number, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Counts of distinct values in an open-addressing hash table over typed arrays (no Map: it
 * runs on every value of a load). Loaded values are rounded to a few decimals, so the number
 * of distinct values depends on their range, not on how many there are; past `limit`
 * distinct values it stops counting and says so.
 */
export class StatsAccumulator {
  private keys: Float64Array;
  private counts: Float64Array;
  private used: Uint8Array;
  private size = 0;
  overflowed = false;

  constructor(private readonly limit = DEFAULT_DISTINCT_LIMIT) {
    this.keys = new Float64Array(1024);
    this.counts = new Float64Array(1024);
    this.used = new Uint8Array(1024);
  }

  get distinct(): number {
    return this.size;
  }

  add(chunk: ValueChunk): void {
    if (this.overflowed) return;
    for (let i = 0; i < chunk.length; i++) {
      const raw = chunk[i];
      if (raw === null || raw === undefined || !Number.isFinite(raw)) continue;
      this.insert(raw + 0, 1); // + 0 folds -0 into 0: the same value for statistics
      if (this.overflowed) return;
    }
  }

  /** The distinct values and their counts (in no order), or null once it has overflowed. */
  export(): { values: Float64Array; counts: Float64Array } | null {
    if (this.overflowed) return null;
    const values = new Float64Array(this.size);
    const counts = new Float64Array(this.size);
    let k = 0;
    for (let slot = 0; slot < this.used.length; slot++) {
      if (!this.used[slot]) continue;
      values[k] = this.keys[slot] as number;
      counts[k] = this.counts[slot] as number;
      k++;
    }
    return { values, counts };
  }

  /** An accumulator holding exactly what `export` gave (counts are whole numbers >= 1). */
  static fromExport(values: Float64Array, counts: Float64Array, limit?: number): StatsAccumulator {
    const accumulator = new StatsAccumulator(limit);
    for (let k = 0; k < values.length; k++) {
      accumulator.insert((values[k] as number) + 0, counts[k] as number);
      if (accumulator.overflowed) break;
    }
    return accumulator;
  }

  merge(other: StatsAccumulator): void {
    if (other.overflowed) this.overflow();
    if (this.overflowed) return;
    for (let slot = 0; slot < other.used.length; slot++) {
      if (other.used[slot]) this.insert(other.keys[slot] as number, other.counts[slot] as number);
      if (this.overflowed) return;
    }
  }

  private insert(value: number, count: number): void {
    const mask = this.keys.length - 1;
    let slot = hashOf(value) & mask;
    while (this.used[slot]) {
      if (this.keys[slot] === value) {
        this.counts[slot] = (this.counts[slot] as number) + count;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.used[slot] = 1;
    this.keys[slot] = value;
    this.counts[slot] = count;
    this.size++;
    if (this.size > this.limit) this.overflow();
    else if (this.size * 2 > this.keys.length) this.grow();
  }

  private overflow(): void {
    this.overflowed = true;
    this.keys = new Float64Array(0);
    this.counts = new Float64Array(0);
    this.used = new Uint8Array(0);
    this.size = 0;
  }

  private grow(): void {
    const { keys, counts, used } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.counts = new Float64Array(keys.length * 2);
    this.used = new Uint8Array(keys.length * 2);
    this.size = 0;
    for (let slot = 0; slot < used.length; slot++)
      if (used[slot]) this.insert(keys[slot] as number, counts[slot] as number);
  }

  /** The statistics of everything added; only meaningful when not overflowed. */
  result(): ParameterStats {
    if (this.overflowed) throw new Error('the histogram overflowed; use computeExactStats');
    if (this.size === 0) return { ...EMPTY_STATS };
    const values = new Float64Array(this.size);
    const order = new Float64Array(this.size);
    let k = 0;
    for (let slot = 0; slot < this.used.length; slot++)
      if (this.used[slot]) values[k++] = this.keys[slot] as number;
    values.sort();
    let n = 0;
    const sum = new ExactSum();
    for (let i = 0; i < values.length; i++) {
      const count = this.countOf(values[i] as number);
      order[i] = count;
      n += count;
      sum.addProduct(values[i] as number, count);
    }
    const mean = sum.value() / n;
    // Squared deviations from the (rounded) mean, less the correction for that rounding,
    // computed at a scale where they can neither overflow nor vanish.
    const scale = deviationScale(values[0] as number, values[values.length - 1] as number);
    const squares = new ExactSum();
    const deviations = new ExactSum();
    for (let i = 0; i < values.length; i++) {
      const deviation = (values[i] as number) * scale - mean * scale;
      squares.addProduct(deviation * deviation, order[i] as number);
      deviations.addProduct(deviation, order[i] as number);
    }
    const correction = deviations.value();
    const std =
      n > 1
        ? Math.sqrt(Math.max(0, squares.value() - (correction * correction) / n) / (n - 1)) / scale
        : null;
    return {
      mean,
      min: values[0] as number,
      max: values[values.length - 1] as number,
      std,
      median: median(values, order, n),
    };
  }

  private countOf(value: number): number {
    const mask = this.keys.length - 1;
    let slot = hashOf(value) & mask;
    while (this.keys[slot] !== value) slot = (slot + 1) & mask;
    return this.counts[slot] as number;
  }
}

/** The middle value (or the mean of the two middle ones) of sorted values with counts. */
function median(values: Float64Array, counts: Float64Array, n: number): number {
  const at = (rank: number) => {
    let seen = 0;
    for (let i = 0; i < values.length; i++) {
      seen += counts[i] as number;
      if (rank < seen) return values[i] as number;
    }
    return values[values.length - 1] as number;
  };
  const lower = at(Math.floor((n - 1) / 2));
  const upper = at(Math.floor(n / 2));
  return lower === upper ? lower : (lower + upper) / 2;
}
