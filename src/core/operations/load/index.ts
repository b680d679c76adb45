import { FluxError, UsageError } from '../../errors.js';
import type { DatasetStore } from '../../store.js';
import { globToRegExp } from '../../util/glob.js';
import { executeLoad, type ExecuteOptions, type LoadResult } from './execute.js';
import { planFromFile, type FileAccess, type LoadRequest } from './plan.js';

export interface LoadFiles extends FileAccess {
  isDirectory(path: string): Promise<boolean>;
  listFiles(directory: string): Promise<string[]>;
}

export interface LoadCommand extends LoadRequest, ExecuteOptions {
  /** With a directory for `path`: which files to load, in name order. */
  pattern?: string;
  onFile?(file: string, index: number, count: number): void;
  onWarning?(warning: string): void;
}

export interface FileLoadResult extends LoadResult {
  file: string;
}

/**
 * `flux-manage load`: one file, or every file of a directory matching a pattern, in name
 * order, into one dataset (the original's bulk "Suite"). Each file is its own all-or-nothing
 * load, so a failure leaves the files before it loaded; re-running with --skip-existing
 * carries on from there.
 */
export async function runLoad(
  command: LoadCommand,
  store: DatasetStore,
  files: LoadFiles,
): Promise<FileLoadResult[]> {
  const paths = await inputFiles(command, files);
  const results: FileLoadResult[] = [];
  for (const [index, path] of paths.entries()) {
    command.onFile?.(path, index, paths.length);
    try {
      const plan = await planFromFile({ ...command, path }, files);
      try {
        for (const warning of plan.warnings) command.onWarning?.(warning);
        results.push({ file: path, ...(await executeLoad(plan, store, command)) });
      } finally {
        await plan.file.close();
      }
    } catch (error) {
      if (paths.length === 1 || !(error instanceof FluxError)) throw error;
      const done = index === 0 ? 'no file was loaded' : `the ${index} files before it were loaded`;
      const retry = index === 0 ? '' : '; re-run with --skip-existing to carry on';
      throw new FluxError(
        error.kind,
        `${error.message} (file ${index + 1} of ${paths.length}; ${done}${retry})`,
      );
    }
  }
  return results;
}

async function inputFiles(command: LoadCommand, files: LoadFiles): Promise<string[]> {
  if (!(await files.isDirectory(command.path))) {
    if (command.pattern !== undefined)
      throw new UsageError(
        `load: --pattern needs a directory for -p, and ${command.path} is not one`,
      );
    return [command.path];
  }
  if (command.pattern === undefined) {
    throw new UsageError(
      `load: ${command.path} is a directory; give --pattern GLOB (e.g. --pattern '*.mat') to load its files`,
    );
  }
  const matcher = globToRegExp(command.pattern);
  const names = (await files.listFiles(command.path)).filter(
    (name) => matcher.test(name) && !name.endsWith('.json'),
  );
  if (names.length === 0)
    throw new FluxError('input', `${command.path}: no file matches ${command.pattern}`);
  const separator = command.path.endsWith('/') ? '' : '/';
  return names.map((name) => `${command.path}${separator}${name}`);
}
