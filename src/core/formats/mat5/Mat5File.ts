import { ContiguousColumnReader, StreamedColumnReader, type ColumnLayout } from '../columns.js';
import { FileFormatError } from '../errors.js';
import { InflateReader } from '../inflate.js';
import { assertLoadable, findVariable, loadabilityProblem } from '../loadable.js';
import { MemoryByteSource } from '../memorySource.js';
import { HeaderView } from '../numeric.js';
import { SourceCursor, type SequentialReader } from '../sequential.js';
import type { ByteSource, DataFile, MatrixReader, VariableInfo } from '../types.js';
import { readArrayHeader, type ArrayHeader } from './arrayHeader.js';
import { MI } from './elements.js';

const HEADER_LENGTH = 128;
/** zlib cannot expand data by more than about 1032:1; a header claiming more is damaged. */
const MAX_INFLATE_RATIO = 1100;

/** One top-level data element: a variable, compressed or not. */
interface Entry {
  info: VariableInfo;
  header: ArrayHeader;
  /** Offset of the element's data (just after its tag) and its length in the file. */
  dataOffset: number;
  numBytes: number;
  compressed: boolean;
  /** For a compressed variable: the length of the miMATRIX content inside the stream. */
  innerLength: number;
}

/**
 * MATLAB Level 5 MAT-file (MATLAB 5 to 7.x saves): a 128-byte header, then one data element
 * per variable, each either a miMATRIX or a zlib-compressed miMATRIX.
 */
export class Mat5File implements DataFile {
  readonly format = 'mat5' as const;

  private constructor(
    private readonly source: ByteSource,
    readonly description: string,
    private readonly littleEndian: boolean,
    private readonly entries: Entry[],
  ) {}

  get name(): string {
    return this.source.name;
  }

  static async open(
    source: ByteSource,
    description: string,
    littleEndian: boolean,
  ): Promise<Mat5File> {
    const entries: Entry[] = [];
    let offset = HEADER_LENGTH;
    let index = 0;
    // MATLAB writes nothing after the last element, so fewer than 8 bytes left is a cut tag.
    while (source.size - offset >= 8) {
      const where = `data element ${index + 1} at byte ${offset}`;
      const tagView = new HeaderView(await source.read(offset, 8), littleEndian);
      const type = tagView.uint32(0);
      const numBytes = tagView.uint32(4);
      const dataOffset = offset + 8;
      if (type !== MI.MATRIX && type !== MI.COMPRESSED) {
        throw new FileFormatError(
          source.name,
          `${where}: unknown top-level data type ${type} (expected a matrix or compressed data)`,
        );
      }
      if (dataOffset + numBytes > source.size) {
        throw new FileFormatError(
          source.name,
          `the file is truncated: ${where} needs ${numBytes} bytes but the file ends ${source.size - dataOffset} bytes later`,
        );
      }
      const entry =
        type === MI.COMPRESSED
          ? await readCompressedEntry(source, littleEndian, dataOffset, numBytes, where)
          : await readPlainEntry(source, littleEndian, dataOffset, numBytes, where);
      // An unnamed matrix is MATLAB's subsystem data (object internals), not a variable.
      if (entry && entry.header.name !== '') entries.push(entry);
      offset = dataOffset + (type === MI.MATRIX ? Math.ceil(numBytes / 8) * 8 : numBytes);
      index++;
    }
    const rest = source.size - offset;
    if (rest > 0) {
      throw new FileFormatError(
        source.name,
        `the file is truncated: it ends with ${rest} bytes of a data element whose tag needs 8`,
        offset,
      );
    }
    return new Mat5File(source, description, littleEndian, entries);
  }

  async variables(): Promise<VariableInfo[]> {
    return this.entries.map((entry) => entry.info);
  }

  async matrix(name: string): Promise<MatrixReader> {
    const info = findVariable(this.source.name, await this.variables(), name);
    assertLoadable(this.source.name, info);
    const entry = this.entries.find((candidate) => candidate.info === info) as Entry;
    const real = entry.header.real;
    if (!real)
      throw new FileFormatError(this.source.name, `variable "${name}" has no numeric data`);
    const [rows = 0, columns = 1] = entry.header.dims;
    const layout: ColumnLayout = {
      rows,
      columns,
      storage: real.storage,
      littleEndian: this.littleEndian,
    };
    if (real.tag.inline) {
      return new ContiguousColumnReader(
        new MemoryByteSource(this.source.name, real.tag.inline),
        info,
        layout,
        0,
      );
    }
    if (!entry.compressed) {
      return new ContiguousColumnReader(
        this.source,
        info,
        layout,
        entry.dataOffset + real.dataPosition,
      );
    }
    const where = `variable "${name}"`;
    return new StreamedColumnReader(info, this.source.name, layout, async () => {
      const reader = new InflateReader(this.source, entry.dataOffset, entry.numBytes, where);
      try {
        await reader.skip(8); // the inner miMATRIX tag, checked when the file was opened
        await readArrayHeader(
          reader,
          entry.innerLength,
          this.littleEndian,
          this.source.name,
          where,
        );
        return reader;
      } catch (error) {
        await reader.close();
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}

async function readPlainEntry(
  source: ByteSource,
  littleEndian: boolean,
  dataOffset: number,
  numBytes: number,
  where: string,
): Promise<Entry | null> {
  if (numBytes === 0) return null; // an empty placeholder matrix
  const reader = new SourceCursor(source, dataOffset, dataOffset + numBytes, where);
  const header = await readArrayHeader(reader, numBytes, littleEndian, source.name, where);
  return {
    info: toInfo(header),
    header,
    dataOffset,
    numBytes,
    compressed: false,
    innerLength: numBytes,
  };
}

async function readCompressedEntry(
  source: ByteSource,
  littleEndian: boolean,
  dataOffset: number,
  numBytes: number,
  where: string,
): Promise<Entry | null> {
  const reader: SequentialReader = new InflateReader(source, dataOffset, numBytes, where);
  try {
    const tagView = new HeaderView(await reader.read(8), littleEndian);
    const innerType = tagView.uint32(0);
    const innerLength = tagView.uint32(4);
    if (innerType !== MI.MATRIX) {
      throw new FileFormatError(
        source.name,
        `${where}: the compressed data holds data type ${innerType}, not a matrix`,
      );
    }
    if (innerLength > numBytes * MAX_INFLATE_RATIO + 1024) {
      throw new FileFormatError(
        source.name,
        `${where}: ${numBytes} compressed bytes cannot hold the ${innerLength} bytes the matrix claims`,
      );
    }
    if (innerLength === 0) return null;
    const header = await readArrayHeader(reader, innerLength, littleEndian, source.name, where);
    return { info: toInfo(header), header, dataOffset, numBytes, compressed: true, innerLength };
  } finally {
    await reader.close();
  }
}

function toInfo(header: ArrayHeader): VariableInfo {
  const problem = loadabilityProblem({
    class: header.className,
    shape: header.dims,
    complex: header.complex,
  });
  return {
    name: header.name,
    class: header.className,
    shape: header.dims,
    loadable: problem === null,
    ...(problem === null ? {} : { reason: problem }),
  };
}
