import { FileFormatError } from '../errors.js';
import { HeaderView, STORAGE_SIZE, type StorageType } from '../numeric.js';
import type { SequentialReader } from '../sequential.js';
import { MI, NUMBER_STORAGE, readTag, readTagData, type Tag } from './elements.js';

/** mxCLASS codes of the Array Flags sub-element. */
const CLASS_NAMES: Readonly<Record<number, string>> = {
  1: 'cell',
  2: 'struct',
  3: 'object',
  4: 'char',
  5: 'sparse',
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
  16: 'function_handle',
  17: 'opaque',
};
const NUMERIC_CLASS_CODES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
const OPAQUE = 17;
const OBJECT = 3;
const COMPLEX_FLAG = 0x0800;
const LOGICAL_FLAG = 0x0200;
const MAX_RANK = 64;

export interface ArrayHeader {
  /** MATLAB's class() of the variable: double, logical, cell, string (an opaque object), ... */
  className: string;
  complex: boolean;
  /** Empty for opaque objects, whose size lives in the file's subsystem data. */
  dims: number[];
  name: string;
  /** For numeric arrays: how the real part is stored, and where its data starts. */
  real?: { storage: StorageType; tag: Tag; dataPosition: number };
}

/**
 * Parses the start of a miMATRIX element (array flags, dimensions, name and, for numbers, the
 * real part's tag) from a reader positioned just after the element's tag. Every size is
 * checked against `contentLength` before anything is read, so a damaged size never leads to
 * a large read or allocation.
 */
export async function readArrayHeader(
  reader: SequentialReader,
  contentLength: number,
  littleEndian: boolean,
  file: string,
  where: string,
): Promise<ArrayHeader> {
  const start = reader.position;
  const left = () => contentLength - (reader.position - start);
  const next = async (expected: readonly number[], what: string) => {
    const tag = await readTag(reader, littleEndian, file, left(), `${where}: ${what}`);
    if (!expected.includes(tag.type)) {
      throw new FileFormatError(
        file,
        `${where}: ${what} has data type ${tag.type}, expected ${expected.join(' or ')}`,
      );
    }
    return { tag, data: await readTagData(reader, tag, left()) };
  };
  const text = async (what: string) =>
    new TextDecoder('latin1').decode((await next([MI.INT8, MI.UINT8, MI.UTF8], what)).data);

  const flags = await next([MI.UINT32], 'array flags');
  if (flags.data.length < 8)
    throw new FileFormatError(file, `${where}: array flags are ${flags.data.length} bytes, not 8`);
  const flagWord = new HeaderView(flags.data, littleEndian).uint32(0);
  const classCode = flagWord & 0xff;
  const baseClass = CLASS_NAMES[classCode];
  if (!baseClass) throw new FileFormatError(file, `${where}: unknown array class ${classCode}`);
  const complex = (flagWord & COMPLEX_FLAG) !== 0;
  const logical = (flagWord & LOGICAL_FLAG) !== 0;

  if (classCode === OPAQUE) {
    const name = await text('name');
    await text('type system');
    const className = await text('class name');
    return { className: className || 'opaque', complex: false, dims: [], name };
  }

  // MATLAB writes the dimensions as miINT32; some writers use miUINT32 (scipy reads both).
  const dimsElement = await next([MI.INT32, MI.UINT32], 'dimensions');
  const rank = dimsElement.data.length / 4;
  if (!Number.isInteger(rank) || rank < 1 || rank > MAX_RANK) {
    throw new FileFormatError(
      file,
      `${where}: impossible number of dimensions (${dimsElement.data.length} bytes)`,
    );
  }
  const dimsView = new HeaderView(dimsElement.data, littleEndian);
  const unsigned = dimsElement.tag.type === MI.UINT32;
  const dims = Array.from({ length: rank }, (_, index) =>
    unsigned ? dimsView.uint32(index * 4) : dimsView.int32(index * 4),
  );
  if (dims.some((extent) => extent < 0))
    throw new FileFormatError(file, `${where}: negative dimension in ${dims.join('x')}`);
  const name = await text('name');
  const header: ArrayHeader = {
    className: logical && classCode !== 5 ? 'logical' : baseClass,
    complex,
    dims,
    name,
  };
  if (classCode === OBJECT) {
    header.className = (await text('object class name')) || 'object';
    return header;
  }
  if (!NUMERIC_CLASS_CODES.has(classCode)) return header;

  const tag = await readTag(reader, littleEndian, file, left(), `${where}: real part of "${name}"`);
  const storage = NUMBER_STORAGE[tag.type];
  if (!storage) {
    throw new FileFormatError(
      file,
      `${where}: the data of "${name}" has type ${tag.type}, which is not a number type`,
    );
  }
  const count = dims.reduce((product, extent) => product * extent, 1);
  if (tag.numBytes !== count * STORAGE_SIZE[storage]) {
    throw new FileFormatError(
      file,
      `${where}: "${name}" is ${dims.join('x')} but its data has ${tag.numBytes} bytes of ${storage}, not ${count * STORAGE_SIZE[storage]}`,
    );
  }
  header.real = { storage, tag, dataPosition: reader.position - start };
  return header;
}
