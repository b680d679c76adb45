import { FluxError, UsageError } from '../../errors.js';
import type { DatasetStore } from '../../store.js';
import { plural } from '../../text/plural.js';
import { globToRegExp } from '../../util/glob.js';
import { executeLoad, type ExecuteOptions, type LoadResult } from './execute.js';
import { planFromFile, type FileAccess, type LoadRequest } from './plan.js';

export interface LoadFiles extends FileAccess {
  isDirectory(path: string): Promise<boolean>;
  listFiles(directory: string): Promise<string[]>;
}

export interface LoadCommand extends LoadRequest, ExecuteOptions {
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
  const paths = await loadInputFiles(command, files);
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
      const done =
        index === 0
          ? 'no file was loaded'
          : `the ${plural(index, 'file')} before it ${index === 1 ? 'was' : 'were'} loaded`;
      const retry = index === 0 ? '' : '; re-run with --skip-existing to carry on';
      throw new FluxError(
        error.kind,
        `${error.message} (file ${index + 1} of ${paths.length}; ${done}${retry})`,
      );
    }
  }
  return results;
}

/** What a batch of files did, as one result: counts summed, the metadata as the last left it. */
export function batchResult(results: FileLoadResult[]): LoadResult {
  const first = results[0];
  const last = results.at(-1);
  if (!first || !last) throw new Error('a batch of no files');
  const sum = (count: (result: LoadResult) => number) =>
    results.reduce((total, result) => total + count(result), 0);
  return {
    ...last,
    mode: first.mode,
    documents: sum((result) => result.documents),
    values: sum((result) => result.values),
    written: {
      documents: sum((result) => result.written.documents),
      values: sum((result) => result.written.values),
      bytes: sum((result) => result.written.bytes),
    },
    skipped: results.flatMap((result) => result.skipped),
    replaced: results.flatMap((result) => result.replaced),
    recovered: first.recovered,
    elapsedMs: sum((result) => result.elapsedMs),
  };
}

/**
 * A typed path whose last part is a file-name pattern (`data/*.mat`, `Kriged_2009??.mat`): the
 * directory and the pattern, as `-p DIR --pattern GLOB` gives them; null for any other path.
 */
export function splitPattern(typed: string): { path: string; pattern: string } | null {
  const slash = Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\'));
  const pattern = typed.slice(slash + 1);
  if (!/[*?[]/.test(pattern)) return null;
  return { path: slash === -1 ? '.' : typed.slice(0, slash + 1), pattern };
}

/** The files a load reads: its one file, or those of its directory that match its pattern. */
export async function loadInputFiles(
  command: Pick<LoadRequest, 'path' | 'pattern'>,
  files: LoadFiles,
): Promise<string[]> {
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
