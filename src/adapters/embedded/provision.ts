import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { FluxError, describeError } from '#core/errors.js';
import { userCacheDir } from './paths.js';

const run = promisify(execFile);

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';
/**
 * The build flux-manage makes: FerretDB v1.24.2 with its string `_id` lookups on the `_id`
 * index (ID_INDEX_PATCH; docs/ferretdb.md). Its own cache folder, so that an upstream build
 * cached by an earlier version is never taken for it.
 */
export const FERRETDB_BUILD = `${FERRETDB_VERSION}-idindex`;

/**
 * FerretDB's SQLite backend creates each collection's unique `_id` index on the expression
 * `_ferretdb_sjson->"_id"` but filters (find, delete, update by `_id`) on
 * `_ferretdb_sjson->'$._id'`, which SQLite does not match to that index: every string `_id`
 * lookup scans the collection. The patch makes the filter the index's own expression (same
 * value, same stored data: files stay readable by an unmodified v1.24.2).
 */
export const ID_INDEX_PATCH = {
  file: 'internal/backends/sqlite/metadata/metadata.go',
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: 'IDColumn = DefaultColumn + `->"_id"`',
};

export type BinarySource = 'FERRETDB_BIN' | 'PATH' | 'cache' | 'built';

export interface FoundBinary {
  path: string;
  source: BinarySource;
}

export interface ProvisionOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with one line of news while a long step runs (the build takes minutes). */
  onProgress?: (line: string) => void;
}

export function cachedFerretDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userCacheDir(env), 'ferretdb', FERRETDB_BUILD, 'ferretdb');
}

/** FERRETDB_BIN, then `ferretdb` on PATH, then an earlier build in the user's cache. */
export async function findFerretDb(
  env: NodeJS.ProcessEnv = process.env,
): Promise<FoundBinary | null> {
  if (env.FERRETDB_BIN) {
    if (!(await isExecutable(env.FERRETDB_BIN))) {
      throw new FluxError('embedded', `FERRETDB_BIN=${env.FERRETDB_BIN} is not an executable file`);
    }
    return { path: env.FERRETDB_BIN, source: 'FERRETDB_BIN' };
  }
  const onPath = await findOnPath('ferretdb', env);
  if (onPath) return { path: onPath, source: 'PATH' };
  const cached = cachedFerretDbPath(env);
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };
  return null;
}

/** Finds FerretDB, building it once into the cache when it is nowhere to be found. */
export async function provisionFerretDb(options: ProvisionOptions = {}): Promise<FoundBinary> {
  const env = options.env ?? process.env;
  const found = await findFerretDb(env);
  if (found) return found;
  return { path: await buildFerretDb(options), source: 'built' };
}

export async function findOnPath(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const NOT_FOUND_ADVICE =
  'set FERRETDB_BIN to a FerretDB binary, put `ferretdb` on PATH, or use any MongoDB server with --uri (or MONGODB_URI)';

/**
 * Builds FerretDB from the Go module proxy into the user's cache.
 *
 * `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` compiles, but the binary it
 * makes panics at start: FerretDB reads its version from build/version/version.txt, a file its
 * release tooling generates and the module archive lacks. So we do what that panic message asks:
 * take the same module from the same proxy, add version.txt, and `go build` it.
 */
async function buildFerretDb(options: ProvisionOptions): Promise<string> {
  const env = options.env ?? process.env;
  const progress = options.onProgress ?? (() => undefined);
  const target = cachedFerretDbPath(env);
  const go = await findOnPath('go', env);
  if (!go) {
    throw new FluxError(
      'embedded',
      `FerretDB ${FERRETDB_VERSION} is not installed and Go is not on PATH to build it: install Go, or ${NOT_FOUND_ADVICE}`,
    );
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const release = await acquireBuildLock(`${target}.lock`, target, progress);
  if (release === 'built-by-other') return target;
  const workDir = await fs.mkdtemp(path.join(path.dirname(target), 'build-'));
  try {
    progress(
      `Building FerretDB ${FERRETDB_VERSION}, its string _id lookups on the _id index (docs/ferretdb.md), with Go (first run only; this takes a few minutes)...`,
    );
    const goEnv = { ...env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' };
    const { stdout } = await goCommand(
      go,
      ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
      {
        cwd: workDir,
        env: goEnv,
      },
    );
    const moduleDir = parseModuleDir(stdout);
    const sourceDir = path.join(workDir, 'src');
    await fs.cp(moduleDir, sourceDir, { recursive: true });
    const versionDir = path.join(sourceDir, 'build', 'version');
    await fs.chmod(versionDir, 0o755);
    await fs.writeFile(path.join(versionDir, 'version.txt'), `${FERRETDB_VERSION}\n`);
    await applyIdIndexPatch(sourceDir);
    const partial = path.join(workDir, 'ferretdb');
    await goCommand(go, ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], {
      cwd: sourceDir,
      env: goEnv,
    });
    await fs.rename(partial, target);
    progress(`FerretDB ${FERRETDB_VERSION} built: ${target}`);
    return target;
  } finally {
    await makeWritable(workDir);
    await fs.rm(workDir, { recursive: true, force: true });
    await release();
  }
}

/** The one-line patch (ID_INDEX_PATCH); a source that does not hold the line is an error. */
async function applyIdIndexPatch(sourceDir: string): Promise<void> {
  const file = path.join(sourceDir, ID_INDEX_PATCH.file);
  const source = await fs.readFile(file, 'utf8');
  if (!source.includes(ID_INDEX_PATCH.from)) {
    throw new FluxError(
      'embedded',
      `building FerretDB: ${ID_INDEX_PATCH.file} does not hold the line flux-manage patches (${ID_INDEX_PATCH.from}); ${NOT_FOUND_ADVICE}`,
    );
  }
  await fs.chmod(file, 0o644);
  await fs.writeFile(file, source.replace(ID_INDEX_PATCH.from, ID_INDEX_PATCH.to));
}

async function goCommand(
  go: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ stdout: string }> {
  try {
    const { stdout } = await run(go, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
    return { stdout };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const lastLine = stderr.trim().split('\n').pop() ?? describeError(error);
    throw new FluxError(
      'embedded',
      `building FerretDB failed at \`go ${args[0]}\`: ${lastLine}; ${NOT_FOUND_ADVICE}`,
    );
  }
}

function parseModuleDir(stdout: string): string {
  try {
    const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
    if (info.Error) throw new Error(info.Error);
    if (!info.Dir) throw new Error('no module directory in `go mod download` output');
    return info.Dir;
  } catch (error) {
    throw new FluxError(
      'embedded',
      `could not download ${FERRETDB_MODULE}@${FERRETDB_VERSION}: ${describeError(error)}`,
    );
  }
}

/** Files copied out of Go's module cache are read-only; make them removable. */
async function makeWritable(dir: string): Promise<void> {
  try {
    await fs.chmod(dir, 0o755);
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await makeWritable(path.join(dir, entry.name));
    }
  } catch {
    // Nothing to do: the directory is already gone.
  }
}

/**
 * One build at a time per cache (two test runs starting together must not both build).
 * Returns a release function, or 'built-by-other' when another process finished the build
 * while we waited.
 */
async function acquireBuildLock(
  lockFile: string,
  target: string,
  progress: (line: string) => void,
): Promise<(() => Promise<void>) | 'built-by-other'> {
  const deadline = Date.now() + 20 * 60 * 1000;
  let announced = false;
  for (;;) {
    try {
      const handle = await fs.open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => fs.rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isExecutable(target)) return 'built-by-other';
    const owner = Number((await fs.readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new FluxError(
        'embedded',
        `another process (pid ${owner}) has been building FerretDB for 20 minutes; remove ${lockFile} if it is gone`,
      );
    }
    if (!announced)
      progress(`Waiting for another process (pid ${owner}) to finish building FerretDB...`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
