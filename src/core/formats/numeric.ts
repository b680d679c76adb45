/** How numbers are laid out on disk, independent of the container format. */
export type StorageType =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'single'
  | 'double';

export const STORAGE_SIZE: Readonly<Record<StorageType, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  single: 4,
  double: 8,
};

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

const VIEW: Partial<Record<StorageType, TypedArrayConstructor>> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  single: Float32Array,
  double: Float64Array,
};

/**
 * Widens `count` stored numbers to a fresh Float64Array. Bytes in the host's order are
 * viewed directly (after one aligned copy); the other order is swapped first.
 */
export function decodeToFloat64(
  bytes: Uint8Array,
  type: StorageType,
  littleEndian: boolean,
  count = bytes.length / STORAGE_SIZE[type],
): Float64Array {
  const size = STORAGE_SIZE[type];
  // A fresh copy is aligned and ours to swap in place. (Not bytes.slice: on a Node Buffer
  // that is a view, not a copy.)
  const aligned = new Uint8Array(count * size);
  aligned.set(bytes.subarray(0, count * size));
  if (littleEndian !== HOST_IS_LITTLE_ENDIAN && size > 1) swapInPlace(aligned, size);
  if (type === 'int64' || type === 'uint64') {
    const wide =
      type === 'int64' ? new BigInt64Array(aligned.buffer) : new BigUint64Array(aligned.buffer);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = Number(wide[i]);
    return out;
  }
  const View = VIEW[type] as TypedArrayConstructor;
  const view = new View(aligned.buffer, 0, count);
  return view instanceof Float64Array ? view : Float64Array.from(view);
}

function swapInPlace(bytes: Uint8Array, size: number): void {
  for (let start = 0; start < bytes.length; start += size) {
    for (let low = start, high = start + size - 1; low < high; low++, high--) {
      const keep = bytes[low] as number;
      bytes[low] = bytes[high] as number;
      bytes[high] = keep;
    }
  }
}

/** Reads unsigned/signed integers of the file's byte order from a small header buffer. */
export class HeaderView {
  private readonly view: DataView;

  constructor(
    bytes: Uint8Array,
    readonly littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.view.byteLength;
  }

  uint16(offset: number): number {
    return this.view.getUint16(offset, this.littleEndian);
  }

  uint32(offset: number): number {
    return this.view.getUint32(offset, this.littleEndian);
  }

  int32(offset: number): number {
    return this.view.getInt32(offset, this.littleEndian);
  }
}
