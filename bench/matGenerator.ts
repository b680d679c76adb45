/**
 * Writes large MAT v5 files column by column, compressed or not, without holding the matrix:
 * the benchmark inputs are hundreds of megabytes.
 */
import fs from 'node:fs/promises';
import { createDeflate } from 'node:zlib';

const MI_INT8 = 1;
const MI_UINT32 = 6;
const MI_INT32 = 5;
const MI_DOUBLE = 9;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const DOUBLE_CLASS = 6;

function tag(type: number, numBytes: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(numBytes, 4);
  return out;
}

function padded(data: Buffer): Buffer {
  const pad = (8 - (data.length % 8)) % 8;
  return pad ? Buffer.concat([data, Buffer.alloc(pad)]) : data;
}

function header(): Buffer {
  const out = Buffer.alloc(128, 0x20);
  out.write('MATLAB 5.0 MAT-file, Platform: flux-manage benchmark', 0, 'latin1');
  out.fill(0, 116, 124);
  out.writeUInt16LE(0x0100, 124);
  out.write('IM', 126, 'latin1');
  return out;
}

/** The miMATRIX element up to (and including) the real part's tag. */
function matrixHead(name: string, rows: number, columns: number): Buffer {
  const flags = Buffer.alloc(8);
  flags.writeUInt32LE(DOUBLE_CLASS, 0);
  const dims = Buffer.alloc(8);
  dims.writeInt32LE(rows, 0);
  dims.writeInt32LE(columns, 4);
  const nameBytes = padded(Buffer.from(name, 'latin1'));
  const dataBytes = rows * columns * 8;
  const content = Buffer.concat([
    tag(MI_UINT32, 8),
    flags,
    tag(MI_INT32, 8),
    dims,
    tag(MI_INT8, name.length),
    nameBytes,
    tag(MI_DOUBLE, dataBytes),
  ]);
  return Buffer.concat([tag(MI_MATRIX, content.length + dataBytes), content]);
}

export interface GeneratedMatrix {
  name: string;
  rows: number;
  columns: number;
  /** Column c of the matrix (column-major, as MAT files store it). */
  column(index: number): Float64Array;
}

export async function writeLargeMat5(
  path: string,
  matrix: GeneratedMatrix,
  compress: boolean,
): Promise<void> {
  const file = await fs.open(path, 'w');
  try {
    let position = 0;
    const write = async (data: Uint8Array) => {
      await file.write(data, 0, data.length, position);
      position += data.length;
    };
    await write(header());
    const head = matrixHead(matrix.name, matrix.rows, matrix.columns);
    if (!compress) {
      await write(head);
      for (let c = 0; c < matrix.columns; c++) await write(new Uint8Array(matrix.column(c).buffer));
      return;
    }
    const tagAt = position;
    await write(tag(MI_COMPRESSED, 0)); // length patched below
    const deflate = createDeflate({ level: 6 });
    const drained = (async () => {
      for await (const chunk of deflate) await write(chunk as Buffer);
    })();
    const push = (data: Uint8Array) =>
      new Promise<void>((resolve, reject) =>
        deflate.write(data, (error) => (error ? reject(error) : resolve())),
      );
    await push(head);
    for (let c = 0; c < matrix.columns; c++) await push(new Uint8Array(matrix.column(c).buffer));
    deflate.end();
    await drained;
    await file.write(tag(MI_COMPRESSED, position - tagAt - 8), 0, 8, tagAt);
  } finally {
    await file.close();
  }
}

/** Deterministic flux-like values: smooth in space and time, rounded to 2 decimals, some NaN. */
export function syntheticFluxColumn(rows: number, step: number): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const value =
      Math.sin(row * 0.0137 + step * 0.29) * 3 + Math.cos(row * 0.00071 - step * 0.13) * 1.5;
    out[row] = row % 997 === 5 ? Number.NaN : Math.round(value * 100) / 100;
  }
  return out;
}
