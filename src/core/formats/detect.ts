import { FileFormatError } from './errors.js';
import { readMat4Header } from './mat4/header.js';
import type { FormatName } from './types.js';

export interface DetectedFormat {
  format: FormatName;
  description: string;
  /** MAT v4/v5: the byte order the file was written in. */
  littleEndian?: boolean;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** HDF5 looks for its superblock at 0, 512, 1024, 2048, ... (a "user block" may precede it). */
const HDF5_SUPERBLOCK_OFFSETS = [0, 512, 1024, 2048, 4096];
/** How many leading bytes detection needs to see. */
export const DETECTION_BYTES = 4096 + HDF5_SIGNATURE.length;

/** Decides the format from the file's first bytes; `head` holds up to DETECTION_BYTES. */
export function detectFormat(file: string, head: Uint8Array, size: number): DetectedFormat {
  if (size === 0) throw new FileFormatError(file, 'the file is empty');
  const mat = matHeader(head);
  const hdf5At = HDF5_SUPERBLOCK_OFFSETS.find((offset) => hasSignature(head, offset));

  if (mat) {
    if (mat.version === 0x0100) {
      return {
        format: 'mat5',
        littleEndian: mat.littleEndian,
        description: `${mat.text || 'MATLAB 5.0 MAT-file'} (${mat.littleEndian ? 'little' : 'big'} endian)`,
      };
    }
    if (mat.version === 0x0200) {
      if (hdf5At === undefined) {
        throw new FileFormatError(
          file,
          'a MATLAB 7.3 MAT-file header without the HDF5 data that must follow it',
        );
      }
      return { format: 'mat73', description: mat.text || 'MATLAB 7.3 MAT-file' };
    }
    throw new FileFormatError(
      file,
      `unsupported MAT-file version 0x${mat.version.toString(16).padStart(4, '0')}`,
      124,
    );
  }
  const cdf = classicVersion(head);
  if (cdf !== null) {
    if (![1, 2, 5].includes(cdf))
      throw new FileFormatError(file, `unsupported NetCDF classic version ${cdf}`, 3);
    return { format: 'netcdf', description: `NetCDF classic (CDF-${cdf})` };
  }
  if (hdf5At !== undefined) {
    return {
      format: 'hdf5',
      description: `HDF5 file${hdf5At ? ` (superblock at byte ${hdf5At})` : ''}`,
    };
  }
  const mat4 = readMat4Header(head, 0, size);
  const mat4Order = mat4.ok ? mat4.header.littleEndian : mat4.recognised?.littleEndian;
  if (mat4Order !== undefined) {
    return {
      format: 'mat4',
      littleEndian: mat4Order,
      description: `MATLAB v4 MAT-file (${mat4Order ? 'little' : 'big'} endian)`,
    };
  }
  throw new FileFormatError(
    file,
    `not a MATLAB .mat, HDF5 or NetCDF file (it starts with ${describeStart(head)})`,
  );
}

function matHeader(
  head: Uint8Array,
): { littleEndian: boolean; version: number; text: string } | null {
  if (head.length < 128) return null;
  const marker = String.fromCharCode(head[126] as number, head[127] as number);
  if (marker !== 'IM' && marker !== 'MI') return null;
  const littleEndian = marker === 'IM';
  const version = littleEndian
    ? (head[124] as number) | ((head[125] as number) << 8)
    : ((head[124] as number) << 8) | (head[125] as number);
  const text = new TextDecoder('latin1')
    .decode(head.subarray(0, 116))
    .replace(/\0[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  // The descriptive text is free-form; keep the part before MATLAB's own "Platform:" detail.
  return { littleEndian, version, text: text.split(',')[0]?.trim() ?? '' };
}

/** "CDF" and a version byte: NetCDF's classic formats (1, 2 and 5 are defined). */
function classicVersion(head: Uint8Array): number | null {
  if (head.length < 4 || head[0] !== 0x43 || head[1] !== 0x44 || head[2] !== 0x46) return null;
  return head[3] as number;
}

function hasSignature(head: Uint8Array, offset: number): boolean {
  if (head.length < offset + HDF5_SIGNATURE.length) return false;
  return HDF5_SIGNATURE.every((byte, index) => head[offset + index] === byte);
}

function describeStart(head: Uint8Array): string {
  const start = head.subarray(0, 8);
  const printable = [...start].every((byte) => byte >= 0x20 && byte < 0x7f);
  if (printable) return JSON.stringify(new TextDecoder('latin1').decode(start));
  return [...start].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
