import { HeaderView, STORAGE_SIZE, type StorageType } from '../numeric.js';

/** One matrix header of a MATLAB v4 file: 20 bytes, then the name, then the data. */
export interface Mat4Header {
  littleEndian: boolean;
  storage: StorageType;
  /** 0 numeric, 1 text, 2 sparse. */
  matrixType: number;
  rows: number;
  columns: number;
  complex: boolean;
  name: string;
  /** Offset of the real part, and of the byte after this matrix. */
  dataOffset: number;
  endOffset: number;
}

const PRECISION: readonly StorageType[] = ['double', 'single', 'int32', 'int16', 'uint16', 'uint8'];
export const MAT4_HEADER_SIZE = 20;
const MAX_NAME_LENGTH = 4096;

export type Mat4HeaderResult =
  | { ok: true; header: Mat4Header }
  /** `recognised`: the header is a v4 one, but its data does not fit in the file. */
  | { ok: false; problem: string; recognised?: { littleEndian: boolean } };

/**
 * Reads the header at `offset` (bytes holds at least the header and name). The type field
 * MOPT encodes the byte order in its thousands digit M (0 little endian IEEE, 1 big endian
 * IEEE), so a reading in each order is tried and the one that makes sense is kept.
 */
export function readMat4Header(
  bytes: Uint8Array,
  offset: number,
  fileSize: number,
): Mat4HeaderResult {
  if (bytes.length < offset + MAT4_HEADER_SIZE)
    return { ok: false, problem: 'a matrix header is cut short' };
  const slice = bytes.subarray(offset);
  let problem = 'the type field is not a MATLAB v4 one';
  for (const littleEndian of [true, false]) {
    const view = new HeaderView(slice, littleEndian);
    const mopt = view.int32(0);
    if (mopt < 0 || mopt > 9999) continue;
    const m = Math.floor(mopt / 1000);
    const o = Math.floor(mopt / 100) % 10;
    const p = Math.floor(mopt / 10) % 10;
    const t = mopt % 10;
    if (m !== (littleEndian ? 0 : 1) || o !== 0 || p > 5 || t > 2) {
      if (m >= 2 && m <= 4 && o === 0) problem = 'VAX and Cray number formats are not supported';
      continue;
    }
    const rows = view.int32(4);
    const columns = view.int32(8);
    const imaginary = view.int32(12);
    const nameLength = view.int32(16);
    if (rows < 0 || columns < 0 || (imaginary !== 0 && imaginary !== 1)) {
      problem = 'the matrix header has negative dimensions or a bad imaginary flag';
      continue;
    }
    if (nameLength < 1 || nameLength > MAX_NAME_LENGTH) {
      problem = `the matrix name length ${nameLength} is impossible`;
      continue;
    }
    const nameStart = offset + MAT4_HEADER_SIZE;
    if (bytes.length < nameStart + nameLength)
      return { ok: false, problem: 'the matrix name is cut short' };
    const nameBytes = bytes.subarray(nameStart, nameStart + nameLength);
    if (nameBytes[nameLength - 1] !== 0) {
      problem = 'the matrix name is not NUL-terminated';
      continue;
    }
    const storage = PRECISION[p] as StorageType;
    const dataOffset = nameStart + nameLength;
    const partBytes = rows * columns * STORAGE_SIZE[storage];
    const endOffset = dataOffset + partBytes * (imaginary ? 2 : 1);
    if (endOffset > fileSize) {
      return {
        ok: false,
        problem: `the file is truncated: the ${rows}x${columns} matrix needs ${endOffset - dataOffset} bytes of data but the file ends at byte ${fileSize}`,
        recognised: { littleEndian },
      };
    }
    return {
      ok: true,
      header: {
        littleEndian,
        storage,
        matrixType: t,
        rows,
        columns,
        complex: imaginary === 1,
        name: new TextDecoder('latin1').decode(nameBytes.subarray(0, nameLength - 1)),
        dataOffset,
        endOffset,
      },
    };
  }
  return { ok: false, problem };
}
