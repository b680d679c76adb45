import { BSON, type Document } from 'mongodb';
import { doublesOf, doublesUnder, markDoubles } from '#core/numbers/doubles.js';

const { Double, Int32, Long } = BSON;

/**
 * The BSON type of each number the store writes. The driver writes a whole JavaScript number
 * as an int32; the original tool (pymongo) wrote every value it had rounded as a double, and
 * so must this one (SPEC 4): 0.0 and 387.0 are doubles, `steps`, `spans` and `_span` are
 * integers. Only whole numbers need a wrapper (others are doubles anyway), and arrays are
 * converted when they are serialised, so a document's values stay an unboxed array until
 * then.
 */
function double(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? new Double(value) : value;
  if (Array.isArray(value)) return new DoublesWhenSerialised(value);
  if (isPlainObject(value)) return mapValues(value, double);
  return value;
}

/** An array whose numbers (at any depth) are written as doubles, converted only then. */
class DoublesWhenSerialised {
  constructor(private readonly values: unknown[]) {}

  toBSON(): unknown[] {
    // One map: measured faster than scanning for whole numbers first and copying only then
    // (the copy changes the array's element kind, which costs more than it saves). map keeps
    // holes, which BSON writes as null, as before.
    return this.values.map(double);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function mapValues(
  value: Record<string, unknown>,
  convert: (item: unknown, key: string) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = convert(item, key);
  return out;
}

/** A value with the numbers under `paths` (see core/numbers/doubles.ts) as doubles. */
function withDoubles(value: unknown, paths: readonly string[]): unknown {
  if (paths.includes('')) return double(value);
  if (paths.length === 0) return value;
  if (Array.isArray(value))
    return value.map((item, index) => withDoubles(item, doublesUnder(paths, String(index))));
  if (isPlainObject(value))
    return mapValues(value, (item, key) => withDoubles(item, doublesUnder(paths, key)));
  return value;
}

/** A value whose every number is a double. */
export function doubles(value: unknown): unknown {
  return double(value);
}

/** A data document: every number is a double but its `_id` (a time or an index) and `_span`. */
export function dataDocument(document: Record<string, unknown>): Document {
  return mapValues(document, (value, key) =>
    key === '_id' || key === '_span' ? value : double(value),
  );
}

/** A metadata (or journal) document: its marked paths as doubles (bbox, stats, grid.x...). */
export function markedDocument(document: Record<string, unknown>): Document {
  return withDoubles(document, doublesOf(document)) as Document;
}

/** Every number of a document but its `_id` as a double (coord_index entries). */
export function allDoubles(document: Record<string, unknown>): Document {
  return mapValues(document, (value, key) => (key === '_id' ? value : double(value)));
}

/**
 * A document read with `promoteValues: false` as plain JavaScript values, marking where
 * whole numbers were doubles, so that writing it again (a rename, an undo) keeps each
 * number's type.
 */
export function plainDocument<T extends Document>(raw: T): T {
  const doubles: string[] = [];
  const plain = (value: unknown, path: string): unknown => {
    if (value instanceof Double) {
      if (Number.isInteger(value.value)) doubles.push(path);
      return value.value;
    }
    if (value instanceof Int32) return value.value;
    if (value instanceof Long) return value.toNumber();
    if (Array.isArray(value)) return value.map((item, index) => plain(item, `${path}.${index}`));
    if (isPlainObject(value))
      return mapValues(value, (item, key) => plain(item, path ? `${path}.${key}` : key));
    return value;
  };
  const out = plain(raw, '') as T;
  return markDoubles(out, doubles);
}
