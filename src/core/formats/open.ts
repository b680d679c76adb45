import { DETECTION_BYTES, detectFormat } from './detect.js';
import { Hdf5File } from './hdf5/Hdf5File.js';
import { Mat73File } from './hdf5/Mat73File.js';
import type { HdfTree } from './hdf5/tree.js';
import { Mat4File } from './mat4/Mat4File.js';
import { Mat5File } from './mat5/Mat5File.js';
import { ClassicFile } from './netcdf/ClassicFile.js';
import { isNetCdf4, NetCdf4File } from './netcdf/NetCdf4File.js';
import { NetCdfFile } from './netcdf/NetCdfFile.js';
import type { ByteSource, DataFile } from './types.js';

/** Opens the HDF5 library on the same file (the adapter knows how). */
export type HdfOpener = () => Promise<HdfTree>;

/** Decides the format from the bytes and opens the matching reader. */
export async function openDataFile(source: ByteSource, openHdf: HdfOpener): Promise<DataFile> {
  try {
    const head = await source.read(0, Math.min(DETECTION_BYTES, source.size));
    const detected = detectFormat(source.name, head, source.size);
    switch (detected.format) {
      case 'mat5':
        return await Mat5File.open(source, detected.description, detected.littleEndian ?? true);
      case 'mat4':
        return await Mat4File.open(source, detected.description);
      case 'mat73':
        await source.close();
        return new Mat73File(await openHdf(), detected.description);
      case 'netcdf':
        return new NetCdfFile(await ClassicFile.open(source));
      case 'hdf5': {
        await source.close();
        const tree = await openHdf();
        try {
          if (isNetCdf4(tree)) return new NetCdfFile(new NetCdf4File(tree));
        } catch (error) {
          tree.close();
          throw error;
        }
        return new Hdf5File(tree, detected.description);
      }
    }
  } catch (error) {
    await source.close();
    throw error;
  }
}
