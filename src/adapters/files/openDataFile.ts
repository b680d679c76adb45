import { openDataFile } from '#core/formats/open.js';
import type { DataFile } from '#core/formats/types.js';
import { openHdfTree } from '../hdf5/H5wasmTree.js';
import { FileByteSource } from './FileByteSource.js';

/** Opens a .mat or HDF5 file on disk with the reader its bytes call for. */
export async function openDataFileAt(path: string): Promise<DataFile> {
  const source = await FileByteSource.open(path);
  return openDataFile(source, () => openHdfTree(path, path));
}
