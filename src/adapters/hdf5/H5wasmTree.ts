import type * as h5wasm from 'h5wasm/node';
import { describeError } from '#core/errors.js';
import { FileFormatError } from '#core/formats/errors.js';
import type {
  HdfAttribute,
  HdfAttributeValue,
  HdfDataset,
  HdfDataType,
  HdfGroup,
  HdfKind,
  HdfTree,
} from '#core/formats/hdf5/tree.js';

/** H5T_class_t codes, as h5wasm reports them in metadata.type. */
const TYPE_CLASS: Readonly<Record<number, HdfKind>> = {
  1: 'float',
  3: 'string',
  6: 'compound',
  7: 'reference',
  8: 'enum',
};

type H5wasm = typeof h5wasm;

let library: Promise<H5wasm> | undefined;

/**
 * Loads h5wasm once, on the first HDF5 file (compiling its WebAssembly costs every command
 * ~0.1 s, and most never open HDF5), and makes HDF5 errors throw instead of printing the
 * library's error stack on stderr, so a damaged file becomes one line an operator can read.
 */
function ready(): Promise<H5wasm> {
  library ??= import('h5wasm/node').then(async (h5) => {
    const module = await h5.ready;
    (
      module as unknown as { activate_throwing_error_handler(): number }
    ).activate_throwing_error_handler();
    return h5;
  });
  return library;
}

export async function openHdfTree(path: string, name: string): Promise<HdfTree> {
  const h5 = await ready();
  let file: h5wasm.File;
  try {
    file = new h5.File(path, 'r');
    file.keys(); // a file HDF5 could not open fails here rather than later
  } catch (error) {
    throw hdfError(name, error);
  }
  return new H5wasmTree(h5, file, name);
}

class H5wasmTree implements HdfTree {
  constructor(
    private readonly h5: H5wasm,
    private readonly file: h5wasm.File,
    readonly name: string,
  ) {}

  children(groupPath: string): Array<HdfDataset | HdfGroup> {
    return this.guard(() => {
      const group = groupPath === '/' ? this.file : this.file.get(groupPath);
      if (!(group instanceof this.h5.Group)) return [];
      const out: Array<HdfDataset | HdfGroup> = [];
      for (const key of group.keys()) {
        const path = `${groupPath === '/' ? '' : groupPath}/${key}`;
        const entity = this.file.get(path);
        if (entity instanceof this.h5.Dataset) {
          const metadata = entity.metadata;
          out.push({
            type: 'dataset',
            path,
            shape: metadata.shape ?? [],
            dtype: dataType(metadata),
            ...(metadata.maxshape
              ? // H5S_UNLIMITED (2^64 - 1) arrives as a number beyond 2^53
                { maxShape: metadata.maxshape.map((max) => (max > 2 ** 53 ? null : max)) }
              : {}),
            attributes: matlabAttributes(entity),
          });
        } else if (entity instanceof this.h5.Group) {
          out.push({ type: 'group', path, attributes: matlabAttributes(entity) });
        }
      }
      return out;
    });
  }

  readSlab(path: string, start: number[], count: number[]): Float64Array {
    return this.guard(() => {
      const dataset = this.file.get(path);
      if (!(dataset instanceof this.h5.Dataset))
        throw new FileFormatError(this.name, `no dataset ${path}`);
      const data = dataset.slice(start.map((first, axis) => [first, first + (count[axis] ?? 0)]));
      return toFloat64(this.name, path, data);
    });
  }

  attributesOf(path: string): Record<string, HdfAttribute> {
    return this.guard(() => {
      const entity = path === '/' ? this.file : this.file.get(path);
      if (!(entity instanceof this.h5.Dataset) && !(entity instanceof this.h5.Group)) return {};
      const attributes: Record<string, HdfAttribute> = {};
      for (const [key, attribute] of Object.entries(entity.attrs)) {
        const { kind, size } = dataType(attribute.metadata);
        const value = attributeValue(this.h5, this.file, kind, attribute.value);
        if (value !== null) attributes[key] = { kind, size, value };
      }
      return attributes;
    });
  }

  close(): void {
    try {
      this.file.close();
    } catch {
      // Closing a file HDF5 already gave up on can fail; nothing is left to release.
    }
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw hdfError(this.name, error);
    }
  }
}

function dataType(metadata: h5wasm.Metadata): HdfDataType {
  if (metadata.type === 0) return { kind: metadata.signed ? 'int' : 'uint', size: metadata.size };
  return { kind: TYPE_CLASS[metadata.type] ?? 'other', size: metadata.size };
}

function matlabAttributes(
  entity: h5wasm.Dataset | h5wasm.Group,
): Record<string, HdfAttributeValue> {
  const attributes: Record<string, HdfAttributeValue> = {};
  for (const [key, attribute] of Object.entries(entity.attrs)) {
    if (!key.startsWith('MATLAB_')) continue;
    const value = attribute.value;
    attributes[key] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : typeof value === 'bigint'
          ? Number(value)
          : ArrayBuffer.isView(value) && (value as ArrayLike<number>).length === 1
            ? Number((value as ArrayLike<number | bigint>)[0])
            : null;
  }
  return attributes;
}

/** An attribute's value as text, numbers or the paths its references name; null otherwise. */
function attributeValue(
  h5: H5wasm,
  file: h5wasm.File,
  kind: HdfKind,
  value: unknown,
): string | number[] | string[] | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return [Number(value)];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value as string[];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number | bigint>, Number);
  if (kind === 'other' && Array.isArray(value)) {
    // DIMENSION_LIST: one list of references per dimension; each names a dimension scale.
    const paths = value.map((references: unknown) => {
      const first: unknown = Array.isArray(references) ? references[0] : references;
      const target = first instanceof h5.Reference ? file.dereference(first) : undefined;
      return target && 'path' in target ? String(target.path) : '';
    });
    return paths;
  }
  return null;
}

function toFloat64(file: string, path: string, data: unknown): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView))
    return Float64Array.from(data as unknown as ArrayLike<number>);
  throw new FileFormatError(file, `dataset ${path} did not read as numbers`);
}

/** The most specific line of an HDF5 error stack, e.g. "truncated file: eof = 900, ...". */
function hdfError(file: string, error: unknown): FileFormatError {
  if (error instanceof FileFormatError) return error;
  const text = describeError(error);
  const details = [...text.matchAll(/#\d+: .*? in [\w.]+\(\): ([^#]*?)(?= major:|$)/g)].map(
    (match) => match[1]?.trim(),
  );
  const detail = details.filter(Boolean).at(-1) ?? text;
  return new FileFormatError(file, `HDF5 could not read it: ${detail}`);
}
