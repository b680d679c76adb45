import { createDeflate } from 'node:zlib';
import { FluxError } from '../../errors.js';

/**
 * Where a writer puts its bytes: appended in order, and one patch at a known position (the
 * compressed element's length, known only once the stream is done). The adapters give a file.
 */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  writeAt(position: number, bytes: Uint8Array): Promise<void>;
}

const MI_INT8 = 1;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_DOUBLE = 9;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const MX_DOUBLE_CLASS = 6;

/**
 * The largest variable MAT v5 holds: its element's length is a 32-bit count, and MATLAB reads
 * none over 2 GiB (`save -v7.3`, HDF5, is its answer; ours is `.h5`).
 */
export const MAT5_MAX_VARIABLE_BYTES = 2 ** 31 - 1;

/** The bytes of a rows x columns double matrix's miMATRIX element, tag included. */
export function mat5MatrixBytes(name: string, rows: number, columns: number): number {
  return 8 + matrixBody(name, rows, columns);
}

function matrixBody(name: string, rows: number, columns: number): number {
  return 16 + 16 + 8 + pad8(Buffer.byteLength(name)) + 8 + rows * columns * 8;
}

const pad8 = (length: number) => Math.ceil(length / 8) * 8;

/** The 128-byte header: text, no subsystem data, version 0x0100, little endian ("IM"). */
function header(created: Date): Uint8Array {
  const bytes = Buffer.alloc(128, 0x20);
  bytes.write(
    `MATLAB 5.0 MAT-file, Platform: flux-manage, Created on: ${created.toUTCString()}`.slice(
      0,
      116,
    ),
    0,
    'ascii',
  );
  bytes.fill(0, 116, 124);
  bytes.writeUInt16LE(0x0100, 124);
  bytes.write('IM', 126, 'ascii');
  return bytes;
}

function tag(type: number, length: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32LE(type, 0);
  bytes.writeUInt32LE(length, 4);
  return bytes;
}

/** miMATRIX's tag, flags, dimensions and name: what precedes the real part's data. */
function matrixHead(name: string, rows: number, columns: number): Buffer {
  const nameBytes = Buffer.from(name, 'ascii');
  const flags = Buffer.concat([tag(MI_UINT32, 8), Buffer.alloc(8)]);
  flags.writeUInt32LE(MX_DOUBLE_CLASS, 8);
  const dims = Buffer.concat([tag(MI_INT32, 8), Buffer.alloc(8)]);
  dims.writeInt32LE(rows, 8);
  dims.writeInt32LE(columns, 12);
  const nameElement = Buffer.concat([
    tag(MI_INT8, nameBytes.length),
    nameBytes,
    Buffer.alloc(pad8(nameBytes.length) - nameBytes.length),
  ]);
  return Buffer.concat([
    tag(MI_MATRIX, matrixBody(name, rows, columns)),
    flags,
    dims,
    nameElement,
    tag(MI_DOUBLE, rows * columns * 8),
  ]);
}

/**
 * Writes one rows x columns double matrix as a compressed MAT v5 file (what MATLAB's `save`
 * writes by default, and scipy.io.loadmat and this tool's reader read): the columns are
 * deflated as they come, so memory holds about one column whatever the matrix's size.
 */
export async function writeMat5Matrix(
  sink: ByteSink,
  matrix: { name: string; rows: number; columns: number },
  columns: AsyncIterable<Float64Array>,
  created = new Date(),
): Promise<{ bytes: number }> {
  const { name, rows } = matrix;
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name))
    throw new FluxError('input', `"${name}" is not a MATLAB variable name`);
  const size = mat5MatrixBytes(name, rows, matrix.columns);
  if (size > MAT5_MAX_VARIABLE_BYTES)
    throw new FluxError(
      'input',
      `a ${rows} x ${matrix.columns} matrix is ${(size / 2 ** 30).toFixed(1)} GiB, over MAT v5's 2 GiB a variable; write .h5 instead`,
    );
  await sink.write(header(created));
  await sink.write(tag(MI_COMPRESSED, 0)); // its length is patched in at the end
  const deflate = createDeflate({ level: 6 });
  let compressed = 0;
  const drained = (async () => {
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      compressed += chunk.length;
      await sink.write(chunk);
    }
  })();
  const feed = async (bytes: Uint8Array) => {
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  try {
    await feed(matrixHead(name, rows, matrix.columns));
    let written = 0;
    for await (const column of columns) {
      if (column.length !== rows)
        throw new FluxError('input', `a column of ${column.length} values for ${rows} rows`);
      if (written === matrix.columns)
        throw new FluxError('input', `more than the ${matrix.columns} columns announced`);
      await feed(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
      written++;
    }
    if (written !== matrix.columns)
      throw new FluxError('input', `${written} columns written of the ${matrix.columns} announced`);
  } catch (error) {
    deflate.destroy();
    await drained.catch(() => undefined);
    throw error;
  }
  deflate.end();
  await drained;
  await sink.writeAt(128, tag(MI_COMPRESSED, compressed));
  return { bytes: 128 + 8 + compressed };
}
