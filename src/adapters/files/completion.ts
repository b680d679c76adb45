import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * What each field loads, by name ending: offered first after the folders. Only an order: a
 * file's format is decided by its bytes, so every other name is still offered after them.
 */
const LOADED_ENDINGS = {
  data: ['.mat', '.h5', '.hdf5', '.he5', '.nc', '.nc4', '.cdf'],
  config: ['.json'],
};

/**
 * Paths that complete what has been typed (Tab in the load wizard): entries of the typed
 * directory starting with the typed name, directories with a trailing slash. Folders come
 * first, then the files `kind` loads, then the rest, each in name order. `~` is the home.
 */
export async function completePath(
  partial: string,
  kind: keyof typeof LOADED_ENDINGS = 'data',
): Promise<string[]> {
  const expanded = partial.startsWith('~') ? path.join(os.homedir(), partial.slice(1)) : partial;
  const directory =
    expanded.endsWith('/') || expanded === '' ? expanded || './' : path.dirname(expanded);
  const prefix = expanded.endsWith('/') ? '' : path.basename(expanded);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const shown =
    partial.endsWith('/') || partial === ''
      ? partial
      : partial.slice(0, partial.length - prefix.length);
  const rank = (entry: import('node:fs').Dirent) => {
    if (entry.isDirectory()) return 0;
    const name = entry.name.toLowerCase();
    return LOADED_ENDINGS[kind].some((ending) => name.endsWith(ending)) ? 1 : 2;
  };
  return entries
    .filter(
      (entry) =>
        entry.name.startsWith(prefix) && (prefix.startsWith('.') || !entry.name.startsWith('.')),
    )
    .map((entry) => ({
      rank: rank(entry),
      path: `${shown}${entry.name}${entry.isDirectory() ? '/' : ''}`,
    }))
    .sort((a, b) => a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => entry.path);
}
