/**
 * Exact floating-point sums (Shewchuk's algorithm, as in Python's math.fsum): a list of
 * non-overlapping partials holds the sum without rounding, and `value()` rounds it once.
 */
export class ExactSum {
  private partials: number[] = [];

  add(value: number): void {
    let x = value;
    let count = 0;
    for (const partial of this.partials) {
      let y = partial;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) this.partials[count++] = low;
      x = high;
    }
    this.partials.length = count;
    this.partials.push(x);
  }

  /** Adds a * b exactly (the product's rounding error is kept as a second term). */
  addProduct(a: number, b: number): void {
    const [high, low] = twoProduct(a, b);
    this.add(high);
    if (low !== 0) this.add(low);
  }

  /** The correctly rounded sum (ties to even, like math.fsum). */
  value(): number {
    const partials = [...this.partials];
    let high = partials.pop() ?? 0;
    let low = 0;
    while (partials.length > 0) {
      const x = high;
      const y = partials.pop() as number;
      high = x + y;
      low = y - (high - x);
      if (low !== 0) break;
    }
    // Round half to even across the partials: a half-ulp remainder of the same sign as the
    // next partial means the sum lies beyond the tie.
    const next = partials.at(-1);
    if (next !== undefined && ((low < 0 && next < 0) || (low > 0 && next > 0))) {
      const y = low * 2;
      const x = high + y;
      if (y === x - high) high = x;
    }
    return high;
  }
}

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp)

/** a * b as high + low exactly (Dekker's product; no fused multiply-add in JavaScript). */
export function twoProduct(a: number, b: number): [number, number] {
  const product = a * b;
  if (!Number.isFinite(product)) return [product, 0];
  const [aHigh, aLow] = split(a);
  const [bHigh, bLow] = split(b);
  const low = aLow * bLow - (product - aHigh * bHigh - aLow * bHigh - aHigh * bLow);
  return [product, low];
}

function split(value: number): [number, number] {
  const scaled = SPLITTER * value;
  if (!Number.isFinite(scaled)) {
    // Too large to split directly: split a scaled-down copy (exact: powers of two).
    const [high, low] = split(value / 2 ** 28);
    return [high * 2 ** 28, low * 2 ** 28];
  }
  const high = scaled - (scaled - value);
  return [high, value - high];
}

/**
 * A power of two that brings values of this magnitude near 1, so that squared deviations
 * neither overflow (values near 1e308) nor underflow (values near 1e-308). Exact: scaling by
 * a power of two only moves the exponent.
 */
export function deviationScale(min: number, max: number): number {
  const largest = Math.max(Math.abs(min), Math.abs(max));
  if (largest > 2 ** 400) return 2 ** -Math.ceil(Math.log2(largest));
  if (largest > 0 && largest < 2 ** -400) return 2 ** -Math.floor(Math.log2(largest));
  return 1;
}
