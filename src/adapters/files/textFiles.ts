import fs from 'node:fs/promises';
import { FluxError } from '#core/errors.js';

/** A text file's content, or null when it does not exist; other failures name the file. */
export async function readTextIfPresent(path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new FluxError('input', `${path}: is a directory, not a file`);
    throw new FluxError('input', `${path}: ${(error as Error).message}`);
  }
}

/** The names of the regular files in a directory, sorted by name. */
export async function listFiles(directory: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(directory, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new FluxError(
      'input',
      `${directory}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`,
    );
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}
