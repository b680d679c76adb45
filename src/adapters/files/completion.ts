import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Paths that complete what has been typed (Tab in the load wizard): entries of the typed
 * directory starting with the typed name, directories with a trailing slash. `~` is the home.
 */
export async function completePath(partial: string): Promise<string[]> {
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
  return entries
    .filter(
      (entry) =>
        entry.name.startsWith(prefix) && (prefix.startsWith('.') || !entry.name.startsWith('.')),
    )
    .map((entry) => `${shown}${entry.name}${entry.isDirectory() ? '/' : ''}`)
    .sort();
}
