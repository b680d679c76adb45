import type { LoadFiles } from '#core/operations/load/index.js';
import { openDataFileAt } from './openDataFile.js';
import { isDirectory, listFiles, readTextIfPresent } from './textFiles.js';

/** The local file system as a load reads it: data files, config files, directories. */
export const LOCAL_FILES: LoadFiles = {
  openDataFile: openDataFileAt,
  readText: readTextIfPresent,
  isDirectory,
  listFiles,
};
