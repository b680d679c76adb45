/**
 * Writes MATLAB Level 5 and v4 MAT-files for tests, following MathWorks' "MAT-File Format"
 * document, so that every numeric class, both byte orders, compression, the small data
 * element format and the non-numeric classes can be read back and compared with the values
 * the test chose. Independent of the reader under test: no code is shared with src/.
 */
import { deflateSync } from 'node:zlib';

export type Storage =
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

const MI: Record<Storage | 'matrix' | 'compressed' | 'utf8' | 'utf16', number> = {
  int8: 1,
  uint8: 2,
  int16: 3,
  uint16: 4,
  int32: 5,
  uint32: 6,
  single: 7,
  double: 9,
  int64: 12,
  uint64: 13,
  matrix: 14,
  compressed: 15,
  utf8: 16,
  utf16: 17,
};
const SIZE: Record<Storage, number> = {
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
const CLASS_CODE: Record<string, number> = {
  cell: 1,
  struct: 2,
  object: 3,
  char: 4,
  sparse: 5,
  double: 6,
  single: 7,
  int8: 8,
  uint8: 9,
  int16: 10,
  uint16: 11,
  int32: 12,
  uint32: 13,
  int64: 14,
  uint64: 15,
  function_handle: 16,
  logical: 9,
};

export type MatVariable =
  | {
      kind: 'numeric';
      name: string;
      /** double ... uint64, or logical. */
      class: Storage | 'logical';
      dims: number[];
      /** Column-major values, as MATLAB stores them. */
      values: number[];
      /** How the numbers are stored; MATLAB may store a double matrix as uint8, say. */
      storage?: Storage;
      imaginary?: number[];
    }
  | { kind: 'char'; name: string; text: string }
  | { kind: 'cell'; name: string; items: MatVariable[] }
  | { kind: 'struct'; name: string; fields: Record<string, MatVariable> }
  | { kind: 'sparse'; name: string; dims: [number, number] }
  | { kind: 'function_handle'; name: string }
  | { kind: 'object'; name: string; className: string };

class Writer {
  private chunks: Uint8Array[] = [];
  constructor(readonly littleEndian: boolean) {}

  bytes(data: Uint8Array): void {
    this.chunks.push(data);
  }

  numbers(storage: Storage, values: number[]): Uint8Array {
    const out = new Uint8Array(values.length * SIZE[storage]);
    const view = new DataView(out.buffer);
    values.forEach((value, index) => {
      const at = index * SIZE[storage];
      const le = this.littleEndian;
      switch (storage) {
        case 'int8':
          return view.setInt8(at, value);
        case 'uint8':
          return view.setUint8(at, value);
        case 'int16':
          return view.setInt16(at, value, le);
        case 'uint16':
          return view.setUint16(at, value, le);
        case 'int32':
          return view.setInt32(at, value, le);
        case 'uint32':
          return view.setUint32(at, value, le);
        case 'int64':
          return view.setBigInt64(at, BigInt(value), le);
        case 'uint64':
          return view.setBigUint64(at, BigInt(value), le);
        case 'single':
          return view.setFloat32(at, value, le);
        case 'double':
          return view.setFloat64(at, value, le);
      }
    });
    return out;
  }

  /** A data element: tag, data, padding to 8 bytes; the small format when it fits in 4. */
  element(type: number, data: Uint8Array, allowSmall = true): void {
    const tag = new Uint8Array(8);
    const view = new DataView(tag.buffer);
    if (allowSmall && data.length <= 4 && data.length > 0) {
      view.setUint32(0, (data.length << 16) | type, this.littleEndian);
      tag.set(data, 4);
      this.bytes(tag);
      return;
    }
    view.setUint32(0, type, this.littleEndian);
    view.setUint32(4, data.length, this.littleEndian);
    this.bytes(tag);
    this.bytes(data);
    const pad = (8 - (data.length % 8)) % 8;
    if (pad) this.bytes(new Uint8Array(pad));
  }

  concat(): Uint8Array {
    const total = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

function matrixElement(
  variable: MatVariable,
  littleEndian: boolean,
  smallElements: boolean,
  dimensionsType: 'int32' | 'uint32' = 'int32',
): Uint8Array {
  const body = new Writer(littleEndian);
  const flags = (classCode: number, flagBits = 0, nzmax = 0) =>
    body.element(MI.uint32, body.numbers('uint32', [classCode | flagBits, nzmax]));
  const dims = (values: number[]) =>
    body.element(MI[dimensionsType], body.numbers(dimensionsType, values));
  const name = (text: string) =>
    body.element(MI.int8, new TextEncoder().encode(text), smallElements);

  switch (variable.kind) {
    case 'numeric': {
      const storage = variable.storage ?? (variable.class === 'logical' ? 'uint8' : variable.class);
      const bits = (variable.class === 'logical' ? 0x0200 : 0) | (variable.imaginary ? 0x0800 : 0);
      flags(CLASS_CODE[variable.class] as number, bits);
      dims(variable.dims);
      name(variable.name);
      body.element(MI[storage], body.numbers(storage, variable.values), smallElements);
      if (variable.imaginary)
        body.element(MI[storage], body.numbers(storage, variable.imaginary), smallElements);
      break;
    }
    case 'char': {
      flags(CLASS_CODE.char as number);
      dims([1, variable.text.length]);
      name(variable.name);
      body.element(MI.utf8, new TextEncoder().encode(variable.text));
      break;
    }
    case 'cell': {
      flags(CLASS_CODE.cell as number);
      dims([1, variable.items.length]);
      name(variable.name);
      for (const item of variable.items)
        body.bytes(
          matrixElement({ ...item, name: '' }, littleEndian, smallElements, dimensionsType),
        );
      break;
    }
    case 'struct':
    case 'object': {
      const fields = variable.kind === 'struct' ? variable.fields : {};
      flags(CLASS_CODE[variable.kind] as number);
      dims([1, 1]);
      name(variable.name);
      if (variable.kind === 'object')
        body.element(MI.int8, new TextEncoder().encode(variable.className));
      const fieldLength = 32;
      body.element(MI.int32, body.numbers('int32', [fieldLength]));
      const names = new Uint8Array(fieldLength * Object.keys(fields).length);
      Object.keys(fields).forEach((field, index) =>
        names.set(new TextEncoder().encode(field), index * fieldLength),
      );
      body.element(MI.int8, names);
      for (const field of Object.values(fields)) {
        body.bytes(
          matrixElement({ ...field, name: '' }, littleEndian, smallElements, dimensionsType),
        );
      }
      break;
    }
    case 'sparse': {
      flags(CLASS_CODE.sparse as number, 0, 1);
      dims(variable.dims);
      name(variable.name);
      body.element(MI.int32, body.numbers('int32', [0]));
      body.element(
        MI.int32,
        body.numbers(
          'int32',
          new Array(variable.dims[1] + 1).fill(0).map((_, i) => (i ? 1 : 0)),
        ),
      );
      body.element(MI.double, body.numbers('double', [42]));
      break;
    }
    case 'function_handle': {
      flags(CLASS_CODE.function_handle as number);
      dims([1, 1]);
      name(variable.name);
      body.bytes(
        matrixElement(
          { kind: 'struct', name: '', fields: {} },
          littleEndian,
          smallElements,
          dimensionsType,
        ),
      );
      break;
    }
  }
  const content = body.concat();
  const element = new Writer(littleEndian);
  element.element(MI.matrix, content, false);
  return element.concat();
}

export interface Mat5Options {
  littleEndian?: boolean;
  compress?: boolean;
  /** Use the small data element format where data fits in 4 bytes (MATLAB does). */
  smallElements?: boolean;
  /** The dimensions element's type: MATLAB writes miINT32; some other writers miUINT32. */
  dimensionsType?: 'int32' | 'uint32';
}

export function matHeader(littleEndian: boolean, version: number, text: string): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode(text.slice(0, 116)), 0);
  header.fill(0, 116, 124);
  new DataView(header.buffer).setUint16(124, version, littleEndian);
  // The endian indicator is the characters "MI" written as one 16-bit value.
  new DataView(header.buffer).setUint16(126, 0x4d49, littleEndian);
  return header;
}

export function writeMat5(variables: MatVariable[], options: Mat5Options = {}): Uint8Array {
  const littleEndian = options.littleEndian ?? true;
  const out = new Writer(littleEndian);
  out.bytes(matHeader(littleEndian, 0x0100, 'MATLAB 5.0 MAT-file, Platform: flux-manage tests'));
  for (const variable of variables) {
    const element = matrixElement(
      variable,
      littleEndian,
      options.smallElements ?? true,
      options.dimensionsType ?? 'int32',
    );
    if (options.compress) {
      const compressed = deflateSync(element);
      const tag = new Uint8Array(8);
      new DataView(tag.buffer).setUint32(0, MI.compressed, littleEndian);
      new DataView(tag.buffer).setUint32(4, compressed.length, littleEndian);
      out.bytes(tag);
      out.bytes(compressed);
    } else {
      out.bytes(element);
    }
  }
  return out.concat();
}

export interface Mat4Matrix {
  name: string;
  rows: number;
  columns: number;
  /** Column-major. */
  values: number[];
  precision: 'double' | 'single' | 'int32' | 'int16' | 'uint16' | 'uint8';
  text?: boolean;
  imaginary?: number[];
}

const MAT4_PRECISION = ['double', 'single', 'int32', 'int16', 'uint16', 'uint8'];

/** MATLAB v4: per matrix a 20-byte header whose type field MOPT encodes the byte order. */
export function writeMat4(matrices: Mat4Matrix[], littleEndian = true): Uint8Array {
  const out = new Writer(littleEndian);
  for (const matrix of matrices) {
    const mopt =
      (littleEndian ? 0 : 1) * 1000 +
      MAT4_PRECISION.indexOf(matrix.precision) * 10 +
      (matrix.text ? 1 : 0);
    const name = new TextEncoder().encode(`${matrix.name}\0`);
    out.bytes(
      out.numbers('int32', [
        mopt,
        matrix.rows,
        matrix.columns,
        matrix.imaginary ? 1 : 0,
        name.length,
      ]),
    );
    out.bytes(name);
    out.bytes(out.numbers(matrix.precision, matrix.values));
    if (matrix.imaginary) out.bytes(out.numbers(matrix.precision, matrix.imaginary));
  }
  return out.concat();
}
