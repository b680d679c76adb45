import { formatTimestamp } from '../time/timestamps.js';
import { plural } from '../text/plural.js';
import { describeTimes, FIRST_SHOWN, type CheckId, type DataWarning } from './warning.js';

/** Values a missing value is usually written as (NetCDF's default float fill is 9.96921e36). */
export const USUAL_FILL_VALUES = [-9999, -999, 1e20, 9.96921e36] as const;

/** A fill value covers at least this share of a step's values (and at least 2 of them). */
export const FILL_SHARE = 0.01;

/** Any other value must lie this many times the rest's span (or magnitude) beyond the rest. */
export const FAR_FACTOR = 10;

/**
 * One parameter's values over one step: counters only (the values are not kept). The smallest
 * and largest value, how often each occurs, and the next ones: a fill value far outside the
 * rest is the step's smallest or largest, and the next one bounds the rest.
 */
export class Tally {
  count = 0;
  min = Infinity;
  minCount = 0;
  nextMin = Infinity;
  max = -Infinity;
  maxCount = 0;
  nextMax = -Infinity;

  /**
   * One finite value (the build's loop calls this as it rounds each value); the caller adds
   * the values pushed to `count` once, after its loop.
   */
  push(value: number): void {
    // Most values lie strictly between the next-smallest and next-largest: nothing to do.
    if (value > this.nextMin && value < this.nextMax) return;
    if (value < this.min) {
      this.nextMin = this.min;
      this.min = value;
      this.minCount = 1;
    } else if (value === this.min) this.minCount++;
    else if (value < this.nextMin) this.nextMin = value;
    if (value > this.max) {
      this.nextMax = this.max;
      this.max = value;
      this.maxCount = 1;
    } else if (value === this.max) this.maxCount++;
    else if (value > this.nextMax) this.nextMax = value;
  }

  /** Values as stored (null, or a hole, where there is none). */
  add(values: ArrayLike<number | null | undefined>): void {
    let { count, min, minCount, nextMin, max, maxCount, nextMax } = this;
    const length = values.length;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (typeof value !== 'number' || value !== value) continue;
      count++;
      if (value < min) {
        nextMin = min;
        min = value;
        minCount = 1;
      } else if (value === min) minCount++;
      else if (value < nextMin) nextMin = value;
      if (value > max) {
        nextMax = max;
        max = value;
        maxCount = 1;
      } else if (value === max) maxCount++;
      else if (value > nextMax) nextMax = value;
    }
    Object.assign(this, { count, min, minCount, nextMin, max, maxCount, nextMax });
  }

  /** A value that looks like a fill value: its count and where the rest lies; or null. */
  fill(): { value: number; count: number; low: number; high: number } | null {
    if (this.min === this.max) return null;
    const candidates = [
      { value: this.min, count: this.minCount, low: this.nextMin, high: this.max },
      { value: this.max, count: this.maxCount, low: this.min, high: this.nextMax },
    ];
    for (const candidate of candidates) {
      const { value, count, low, high } = candidate;
      if (count < 2 || count < FILL_SHARE * this.count || count >= this.count) continue;
      const distance = value < low ? low - value : value - high;
      const span = high - low;
      const far = isUsualFill(value)
        ? distance > span
        : distance > FAR_FACTOR * Math.max(span, Math.abs(low), Math.abs(high));
      if (far) return candidate;
    }
    return null;
  }
}

function isUsualFill(value: number): boolean {
  return USUAL_FILL_VALUES.some((fill) => Math.abs(value - fill) <= Math.abs(fill) * 1e-6);
}

interface Found {
  check: CheckId;
  parameter: string;
  value?: number;
  steps: number;
  times: string[];
  detail: string;
}

/**
 * The checks of values, fed each step as its documents are built (or as a stored dataset is
 * scanned): `fill-value`, `empty-step`, `constant-step` per step of a grid; `fill-value` over
 * all the values of observations (`pooled`: their documents are single observations). Keeps a
 * Tally per parameter for the step at hand and what was found, never the values.
 */
export class ValueChecks {
  private readonly found = new Map<string, Found>();
  private readonly pooled: Map<string, Tally> | null;

  constructor(
    private readonly parameters: readonly string[],
    mode: 'steps' | 'pooled',
  ) {
    this.pooled =
      mode === 'pooled' ? new Map(parameters.map((parameter) => [parameter, new Tally()])) : null;
  }

  /**
   * One step's values (a grid's document), or some observations' (pooled); `tallies`: the
   * step's counters, kept as its documents were built (then the values are not read again).
   */
  addStep(
    time: Date | null,
    values: Record<string, ArrayLike<number | null | undefined>>,
    tallies?: Record<string, Tally>,
  ): void {
    for (const parameter of this.parameters) {
      const counted = tallies?.[parameter];
      const stepValues = values[parameter];
      if (!counted && !stepValues) continue;
      if (this.pooled) {
        if (stepValues) (this.pooled.get(parameter) as Tally).add(stepValues);
        continue;
      }
      let tally = counted;
      if (!tally) {
        tally = new Tally();
        tally.add(stepValues as ArrayLike<number | null | undefined>);
      }
      this.judge(parameter, tally, time ? formatTimestamp(time) : '');
    }
  }

  private judge(parameter: string, tally: Tally, time: string): void {
    if (tally.count === 0) {
      this.note({ check: 'empty-step', parameter, time, detail: '' });
      return;
    }
    if (!this.pooled && tally.count > 1 && tally.min === tally.max) {
      this.note({ check: 'constant-step', parameter, value: tally.min, time, detail: '' });
      return;
    }
    const fill = tally.fill();
    if (fill) {
      const share = Math.max(1, Math.round((100 * fill.count) / tally.count));
      this.note({
        check: 'fill-value',
        parameter,
        value: fill.value,
        time,
        detail: `${fill.count} of ${tally.count} values (${share}%), far outside the rest (${fill.low} to ${fill.high})`,
      });
    }
  }

  private note(found: {
    check: CheckId;
    parameter: string;
    value?: number;
    time: string;
    detail: string;
  }): void {
    const key = `${found.check}\u0000${found.parameter}\u0000${found.value ?? ''}`;
    const known = this.found.get(key);
    if (known) {
      known.steps++;
      if (known.times.length < FIRST_SHOWN) known.times.push(found.time);
      return;
    }
    this.found.set(key, {
      check: found.check,
      parameter: found.parameter,
      ...(found.value !== undefined ? { value: found.value } : {}),
      steps: 1,
      times: [found.time],
      detail: found.detail,
    });
  }

  warnings(): DataWarning[] {
    if (this.pooled) {
      this.found.clear();
      for (const [parameter, tally] of this.pooled) {
        if (tally.count > 0) this.judge(parameter, tally, '');
      }
    }
    return [...this.found.values()].map((found) => this.warning(found));
  }

  private warning(found: Found): DataWarning {
    const { check, parameter, value, steps, times } = found;
    const where = this.pooled
      ? 'in the observations'
      : `at ${plural(steps, 'step')}: ${describeTimes(times, steps)}`;
    const what =
      check === 'empty-step'
        ? 'no value (all null or NaN)'
        : check === 'constant-step'
          ? `every value is ${value}`
          : `${value} looks like a fill value: ${found.detail}`;
    return {
      check,
      message: `"${parameter}": ${what} ${where}`,
      parameter,
      ...(value !== undefined ? { value } : {}),
      count: steps,
      ...(this.pooled ? {} : { times }),
    };
  }
}
