import { FileFormatError } from '../errors.js';
import { decodeToFloat64, type StorageType } from '../numeric.js';
import { SourceCursor } from '../sequential.js';
import type { ByteSource } from '../types.js';
import type {
  NcAttribute,
  NcDimension,
  NcType,
  NcVariable,
  NetCdfDataset,
  NetCdfKind,
} from './types.js';

/** nc_type codes of the classic formats (CDF-5 adds 7..11). */
const TYPES: Readonly<Record<number, { type: NcType; size: number; storage?: StorageType }>> = {
  1: { type: 'byte', size: 1, storage: 'int8' },
  2: { type: 'char', size: 1 },
  3: { type: 'short', size: 2, storage: 'int16' },
  4: { type: 'int', size: 4, storage: 'int32' },
  5: { type: 'float', size: 4, storage: 'single' },
  6: { type: 'double', size: 8, storage: 'double' },
  7: { type: 'ubyte', size: 1, storage: 'uint8' },
  8: { type: 'ushort', size: 2, storage: 'uint16' },
  9: { type: 'uint', size: 4, storage: 'uint32' },
  10: { type: 'int64', size: 8, storage: 'int64' },
  11: { type: 'uint64', size: 8, storage: 'uint64' },
};

const NC_DIMENSION = 0x0a;
const NC_VARIABLE = 0x0b;
const NC_ATTRIBUTE = 0x0c;
const STREAMING = 0xffffffff;

interface ClassicVariable extends NcVariable {
  storage: StorageType | undefined;
  elementSize: number;
  begin: number;
  record: boolean;
  /** Values at one index of the first dimension (a record, for a record variable). */
  slabValues: number;
}

/**
 * The classic NetCDF formats (CDF-1, CDF-2 with 64-bit offsets, CDF-5 with 64-bit sizes and
 * more types), read over a ByteSource: the header once, then one record or slab at a time at
 * its offset, so memory never depends on the number of time steps. Every variable's extent
 * is checked against the file's size as it opens: a truncated file is refused before
 * anything is read from it.
 */
export class ClassicFile implements NetCdfDataset {
  private constructor(
    private readonly source: ByteSource,
    readonly kind: NetCdfKind,
    readonly dimensions: NcDimension[],
    readonly variables: ClassicVariable[],
    readonly attributes: Record<string, NcAttribute>,
    private readonly recordSize: number,
  ) {}

  get name(): string {
    return this.source.name;
  }

  static async open(source: ByteSource): Promise<ClassicFile> {
    const header = new HeaderReader(source);
    const magic = await header.bytes(4);
    const version = magic[3] as number;
    const kind: NetCdfKind = version === 1 ? 'CDF-1' : version === 2 ? 'CDF-2' : 'CDF-5';
    header.wide = version === 5;
    const offsetSize = version === 1 ? 4 : 8;
    let records = await header.recordCount();
    const dimensions = await header.list(NC_DIMENSION, 'dimension', async () => {
      const name = await header.name();
      const length = await header.count();
      return { name, length, unlimited: length === 0 };
    });
    const attributes = await header.attributes();
    const raw = await header.list(NC_VARIABLE, 'variable', async () => {
      const name = await header.name();
      const rank = await header.count();
      const ids: number[] = [];
      for (let k = 0; k < rank; k++) ids.push(await header.count());
      const varAttributes = await header.attributes();
      const type = TYPES[await header.uint32()];
      if (!type) throw header.error(`variable "${name}" has an unknown type`);
      await header.count(); // vsize: recomputed below, it is wrong for large variables
      const begin = await header.offset(offsetSize);
      return { name, ids, attributes: varAttributes, type, begin };
    });
    const recordVariables = raw.filter(
      (variable) => variable.ids.length > 0 && dimensions[variable.ids[0] as number]?.unlimited,
    );
    const variables: ClassicVariable[] = raw.map(({ name, ids, attributes: atts, type, begin }) => {
      const dims = ids.map((id) => {
        const dimension = dimensions[id];
        if (!dimension)
          throw header.error(`variable "${name}" names dimension ${id}, which is not defined`);
        return dimension;
      });
      const record = dims[0]?.unlimited ?? false;
      const inner = dims.slice(1).reduce((product, dimension) => product * dimension.length, 1);
      return {
        name,
        dimensions: dims.map((dimension) => dimension.name),
        shape: dims.map((dimension) => (dimension.unlimited ? -1 : dimension.length)),
        type: type.type,
        attributes: atts,
        storage: type.storage,
        elementSize: type.size,
        begin,
        record,
        slabValues: dims.length === 0 ? 1 : inner,
      };
    });
    // One record holds every record variable's slab, each padded to 4 bytes, except when
    // there is a single record variable (then nothing is padded).
    const recordSize =
      recordVariables.length === 1
        ? slabBytes(variables.find((v) => v.record) as ClassicVariable)
        : variables.filter((v) => v.record).reduce((sum, v) => sum + pad4(slabBytes(v)), 0);
    if (records === STREAMING) {
      const first = Math.min(...variables.filter((v) => v.record).map((v) => v.begin));
      records = recordSize > 0 ? Math.floor((source.size - first) / recordSize) : 0;
    }
    for (const dimension of dimensions) if (dimension.unlimited) dimension.length = records;
    for (const variable of variables) {
      if (variable.record) variable.shape[0] = records;
      const end = variable.record
        ? records === 0
          ? variable.begin
          : variable.begin + (records - 1) * recordSize + slabBytes(variable)
        : variable.begin + slabBytes(variable) * (variable.shape[0] ?? 1);
      if (end > source.size) {
        throw new FileFormatError(
          source.name,
          `the file is truncated: variable "${variable.name}" needs ${end} bytes but the file has ${source.size}`,
        );
      }
    }
    return new ClassicFile(source, kind, dimensions, variables, attributes, recordSize);
  }

  async readAll(variable: NcVariable): Promise<Float64Array> {
    const found = this.classic(variable);
    const steps = found.shape.length === 0 ? 1 : (found.shape[0] as number);
    if (!found.record || steps <= 1) {
      const count = found.slabValues * steps;
      return this.decode(
        found,
        await this.source.read(found.begin, count * found.elementSize),
        count,
      );
    }
    const out = new Float64Array(found.slabValues * steps);
    for (let k = 0; k < steps; k++) out.set(await this.readStep(found, k), k * found.slabValues);
    return out;
  }

  async readStep(variable: NcVariable, index: number): Promise<Float64Array> {
    const found = this.classic(variable);
    const bytes = slabBytes(found);
    const offset = found.record
      ? found.begin + index * this.recordSize
      : found.begin + index * bytes;
    return this.decode(found, await this.source.read(offset, bytes), found.slabValues);
  }

  close(): Promise<void> {
    return this.source.close();
  }

  private classic(variable: NcVariable): ClassicVariable {
    const found = this.variables.find((candidate) => candidate.name === variable.name);
    if (!found) throw new FileFormatError(this.name, `no variable "${variable.name}"`);
    return found;
  }

  private decode(variable: ClassicVariable, bytes: Uint8Array, count: number): Float64Array {
    if (!variable.storage)
      throw new FileFormatError(
        this.name,
        `variable "${variable.name}" is ${variable.type}, not numbers`,
      );
    return decodeToFloat64(bytes, variable.storage, false, count);
  }
}

function slabBytes(variable: ClassicVariable): number {
  return variable.slabValues * variable.elementSize;
}

function pad4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}

/** The classic header, big-endian, read front to back. */
class HeaderReader {
  /** CDF-5: counts and dimension ids are 64-bit. */
  wide = false;
  private readonly cursor: SourceCursor;

  constructor(private readonly source: ByteSource) {
    this.cursor = new SourceCursor(source, 0, source.size, 'the NetCDF header');
  }

  error(problem: string): FileFormatError {
    return new FileFormatError(this.source.name, problem, this.cursor.position);
  }

  bytes(length: number): Promise<Uint8Array> {
    return this.cursor.read(length);
  }

  async uint32(): Promise<number> {
    const bytes = await this.cursor.read(4);
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  }

  async uint64(): Promise<number> {
    const bytes = await this.cursor.read(8);
    const value = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, false);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error('a size beyond 2^53 bytes');
    return Number(value);
  }

  count(): Promise<number> {
    return this.wide ? this.uint64() : this.uint32();
  }

  /** numrecs: all ones (in either width) is STREAMING, a count left for the file's size to say. */
  async recordCount(): Promise<number> {
    if (!this.wide) return this.uint32();
    const bytes = await this.cursor.read(8);
    if (bytes.every((byte) => byte === 0xff)) return STREAMING;
    const value = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, false);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error('a record count beyond 2^53');
    return Number(value);
  }

  offset(size: number): Promise<number> {
    return size === 8 ? this.uint64() : this.uint32();
  }

  async name(): Promise<string> {
    const length = await this.count();
    if (length > 65536) throw this.error(`a name of ${length} bytes: the header is damaged`);
    const bytes = await this.cursor.read(pad4(length));
    return new TextDecoder('utf-8').decode(bytes.subarray(0, length));
  }

  /** A tagged list (ABSENT is a zero tag and a zero count). */
  async list<T>(tag: number, what: string, item: () => Promise<T>): Promise<T[]> {
    const found = await this.uint32();
    const count = await this.count();
    if (found === 0 && count === 0) return [];
    if (found !== tag) throw this.error(`the ${what} list is damaged (tag ${found})`);
    const out: T[] = [];
    for (let k = 0; k < count; k++) out.push(await item());
    return out;
  }

  async attributes(): Promise<Record<string, NcAttribute>> {
    const entries = await this.list(NC_ATTRIBUTE, 'attribute', async () => {
      const name = await this.name();
      const type = TYPES[await this.uint32()];
      if (!type) throw this.error(`attribute "${name}" has an unknown type`);
      const count = await this.count();
      if (count * type.size > this.source.size)
        throw this.error(`attribute "${name}" is larger than the file`);
      const bytes = await this.cursor.read(pad4(count * type.size));
      const value =
        type.storage === undefined
          ? new TextDecoder('utf-8').decode(bytes.subarray(0, count)).replace(/\0+$/, '')
          : Array.from(decodeToFloat64(bytes, type.storage, false, count));
      return [name, { type: type.type, value }] as const;
    });
    return Object.fromEntries(entries);
  }
}
