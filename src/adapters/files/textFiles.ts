import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { FluxError } from '#core/errors.js';

/** A text file's content, or null when it does not exist; other failures name the file. */
export async function readTextIfPresent(path: string): Promise<string | null> {
  let handle: fs.FileHandle | undefined;
  try {
    // Non-blocking open, then only regular files: a FIFO would wait for a writer forever.
    handle = await fs.open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new FluxError('input', `${path}: is a directory, not a file`);
    if (!stat.isFile()) throw new FluxError('input', `${path}: not a regular file`);
    return await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof FluxError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new FluxError('input', `${path}: is a directory, not a file`);
    throw new FluxError('input', `${path}: ${(error as Error).message}`);
  } finally {
    await handle?.close();
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
