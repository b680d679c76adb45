import { FileFormatError } from '../errors.js';
import { HeaderView, type StorageType } from '../numeric.js';
import type { SequentialReader } from '../sequential.js';

/** MAT-file Level 5 data types (the "mi" codes of the format's documentation). */
export const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
  UTF16: 17,
  UTF32: 18,
} as const;

export const NUMBER_STORAGE: Readonly<Partial<Record<number, StorageType>>> = {
  [MI.INT8]: 'int8',
  [MI.UINT8]: 'uint8',
  [MI.INT16]: 'int16',
  [MI.UINT16]: 'uint16',
  [MI.INT32]: 'int32',
  [MI.UINT32]: 'uint32',
  [MI.SINGLE]: 'single',
  [MI.DOUBLE]: 'double',
  [MI.INT64]: 'int64',
  [MI.UINT64]: 'uint64',
};

const KNOWN_TYPES = new Set<number>(Object.values(MI));

export interface Tag {
  type: number;
  numBytes: number;
  /** Small data element format: up to 4 bytes of data packed into the tag itself. */
  inline?: Uint8Array;
}

/** Data is padded to a multiple of 8 bytes (inline data lives in the tag). */
export function paddedLength(tag: Tag): number {
  return tag.inline ? 0 : Math.ceil(tag.numBytes / 8) * 8;
}

/** Reads one 8-byte tag; `available` is how many bytes the enclosing element has left. */
export async function readTag(
  reader: SequentialReader,
  littleEndian: boolean,
  file: string,
  available: number,
  where: string,
): Promise<Tag> {
  if (available < 8) throw new FileFormatError(file, `${where}: a data element is cut short`);
  const bytes = await reader.read(8);
  const view = new HeaderView(bytes, littleEndian);
  const first = view.uint32(0);
  const smallBytes = first >>> 16;
  const tag: Tag =
    smallBytes !== 0
      ? {
          type: first & 0xffff,
          numBytes: smallBytes,
          inline: bytes.slice(4, 4 + Math.min(4, smallBytes)),
        }
      : { type: first, numBytes: view.uint32(4) };
  if (!KNOWN_TYPES.has(tag.type)) {
    throw new FileFormatError(file, `${where}: unknown data element type ${tag.type}`);
  }
  if (tag.inline && tag.numBytes > 4) {
    throw new FileFormatError(
      file,
      `${where}: a small data element claims ${tag.numBytes} bytes (at most 4 fit)`,
    );
  }
  if (!tag.inline && 8 + tag.numBytes > available) {
    throw new FileFormatError(
      file,
      `${where}: a data element of ${tag.numBytes} bytes does not fit in the ${available - 8} bytes left`,
    );
  }
  return tag;
}

/**
 * The data of a tag just read, with its padding consumed (as much of it as the enclosing
 * element has left: some writers omit the padding of a last element).
 */
export async function readTagData(
  reader: SequentialReader,
  tag: Tag,
  availableAfterTag: number,
): Promise<Uint8Array> {
  if (tag.inline) return tag.inline.subarray(0, tag.numBytes);
  const data = await reader.read(tag.numBytes);
  await reader.skip(Math.min(paddedLength(tag), availableAfterTag) - tag.numBytes);
  return data;
}
