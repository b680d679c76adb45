import type { Tally } from '../checks/values.js';
import { roundHalfEven } from '../numbers/python.js';
import type { DataDocument, StoredParameterValues } from './types.js';

/**
 * One parameter's values as stored: rounded to `precision` decimals like Python's round()
 * (when the model has a precision), NaN and infinities as null. Returns the nulls counted,
 * which the BSON size needs.
 *
 * A null is left as a hole in the array, which BSON writes as null all the same: holes keep
 * V8's unboxed double storage (8 bytes a value), where one null would box every number of
 * the array (about 24 bytes and one allocation a value), which is most of a load's memory
 * and garbage-collection work.
 */
export function storedValues(
  values: Float64Array,
  precision: number | null,
  tally?: Tally,
): { stored: StoredValues; nulls: number } {
  const stored: StoredValues = new Array<number>(values.length);
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) nulls++;
    else {
      const kept = precision === null ? value : roundHalfEven(value, precision);
      stored[i] = kept;
      // The data checks count the value here, while it is at hand (docs/performance.md).
      if (tally) tally.push(kept);
    }
  }
  if (tally) tally.count += values.length - nulls;
  return { stored, nulls };
}

/** Stored values: a number, or a hole (read as undefined) where the value is null. */
export type StoredValues = Array<number | undefined>;

export function storedValue(value: number, precision: number | null): number | null {
  if (!Number.isFinite(value)) return null;
  return precision === null ? value : roundHalfEven(value, precision);
}

/**
 * Stored values back to numbers: null (or a hole, or anything not a number) as NaN; a column
 * already of doubles (an export's, from its scratch) as it is.
 */
export function nullsAsNaN(stored: unknown, length: number): Float64Array {
  if (stored instanceof Float64Array && stored.length === length) return stored;
  const values = new Float64Array(length).fill(Number.NaN);
  if (!Array.isArray(stored)) return values;
  for (let i = 0; i < Math.min(length, stored.length); i++) {
    const value: unknown = stored[i];
    if (typeof value === 'number') values[i] = value;
  }
  return values;
}

/** The parameters of a document that holds one array per parameter (grids, matrices). */
export function arrayParameters(document: DataDocument): string[] {
  return Object.keys(document).filter((key) => Array.isArray(document[key]));
}

/** A parameter's values in a document that holds one array per parameter. */
export function arrayValuesIn(document: DataDocument, parameter: string): StoredParameterValues {
  const values = document[parameter];
  return Array.isArray(values) ? [values as Array<number | null>] : [];
}
