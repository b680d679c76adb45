import { roundHalfEven } from '../numbers/python.js';

/**
 * One parameter's values as stored: rounded to `precision` decimals like Python's round()
 * (when the model has a precision), NaN and infinities as null. Returns the nulls counted,
 * which the BSON size needs.
 */
export function storedValues(
  values: Float64Array,
  precision: number | null,
): { stored: Array<number | null>; nulls: number } {
  const stored = new Array<number | null>(values.length);
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) {
      stored[i] = null;
      nulls++;
    } else {
      stored[i] = precision === null ? value : roundHalfEven(value, precision);
    }
  }
  return { stored, nulls };
}

export function storedValue(value: number, precision: number | null): number | null {
  if (!Number.isFinite(value)) return null;
  return precision === null ? value : roundHalfEven(value, precision);
}
