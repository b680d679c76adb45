import type { LoadFiles } from '#core/operations/load/index.js';
import type { VerifyFiles } from '#core/operations/verify.js';
import { temporaryColumnScratch } from './columnScratch.js';
import { openDataFileAt } from './openDataFile.js';
import { isDirectory, listFiles, readTextIfPresent } from './textFiles.js';

/** The local file system as a load reads it: data files, config files, directories. */
export const LOCAL_FILES: LoadFiles = {
  openDataFile: openDataFileAt,
  readText: readTextIfPresent,
  isDirectory,
  listFiles,
};

/** The same, with a scratch for the columns a verify compares (out of memory). */
export const VERIFY_FILES: LoadFiles & VerifyFiles = {
  ...LOCAL_FILES,
  scratch: temporaryColumnScratch,
};
