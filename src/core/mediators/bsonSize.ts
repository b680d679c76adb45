/**
 * Exact BSON sizes of the documents flux-manage writes, so that a document over MongoDB's
 * 16 MiB limit is refused before anything is written (the driver would only fail mid-load).
 */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Bytes of the decimal keys "0".."n-1" with their terminating NUL. */
function keyBytes(count: number): number {
  let total = 0;
  for (let digits = 1, start = 0; start < count; digits++, start = start === 0 ? 10 : start * 10) {
    const end = Math.min(count, start === 0 ? 10 : start * 10);
    total += (end - start) * (digits + 1);
  }
  return total;
}

/** An array of doubles and nulls: 4 length + per element (type + key + 8 or 0) + terminator. */
export function numberArrayBytes(count: number, nulls = 0): number {
  return 4 + count + keyBytes(count) + (count - nulls) * 8 + 1;
}

/** A field inside a document: type byte, the name with NUL, the value. */
export function fieldBytes(name: string, valueBytes: number): number {
  return 1 + Buffer.byteLength(name, 'utf8') + 1 + valueBytes;
}

export const DOCUMENT_OVERHEAD = 4 + 1;
export const DATE_BYTES = 8;
export const DOUBLE_BYTES = 8;
export const INT32_BYTES = 4;
