import { BSON } from 'mongodb';

type Pair = [number, number];

/**
 * The pairs of a coord_index entry's `i`, whichever way the server holds them (SPEC 4's
 * [[x, y], ...]; on FerretDB v1 packed little-endian doubles x0, y0, x1, y1, ...; [{x, y}, ...]
 * from earlier versions), decoded here on its own rather than by the store under test.
 */
export function storedPairs(stored: unknown): Pair[] {
  if (stored instanceof BSON.Binary) {
    const bytes = Buffer.from(stored.buffer.subarray(0, stored.length()));
    return Array.from({ length: bytes.length / 16 }, (_, k) => [
      bytes.readDoubleLE(16 * k),
      bytes.readDoubleLE(16 * k + 8),
    ]);
  }
  if (!Array.isArray(stored)) throw new Error(`not a coord_index "i": ${String(stored)}`);
  return stored.map((item: unknown) => {
    if (Array.isArray(item)) return [Number(item[0]), Number(item[1])];
    const point = item as { x: unknown; y: unknown };
    return [Number(point.x), Number(point.y)];
  });
}
