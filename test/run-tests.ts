/**
 * `npm test`: starts the embedded FerretDB once (unless MONGODB_URI names a server), runs
 * every compiled test file with node's test runner against it, and stops it again.
 *
 * `npm run test:fast` (`--fast`): only the fast tier, and no server started: the tier a
 * developer runs while working. The tier is in the file's name: a test file that reaches a
 * server is named `*.server.test.ts(x)` (test/support/tier.ts); every other one is fast (core,
 * formats, the in-memory store and the operations and screens on it, the UI model).
 *
 * The names are enforced, not trusted: test/support/server, cli and tmux, and a MongoClient
 * that connects (test/support/tierPreload, loaded into every test process), throw in a file
 * not named `.server.`; and after a full run, a `.server.` file that reached no server fails
 * the run as misfiled.
 *
 * Further arguments keep the files whose path contains one of them.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbedded, stopEmbedded } from '#adapters/embedded/server.js';
import {
  isServerTest,
  REACHED_DIR_VARIABLE,
  reachedMarker,
  sourceName,
} from '#test/support/tier.js';

/** dist/test, where the compiled test files are, and test/, where their sources are. */
const testRoot = path.dirname(fileURLToPath(import.meta.url));
const sourceRoot = path.resolve(testRoot, '../../test');
const preload = new URL('./support/tierPreload.js', import.meta.url).href;

/**
 * The compiled test files, found by their sources: a compiled file whose source was renamed
 * or removed (dist/ is not cleaned between fast runs) is not run under its old name.
 */
async function findTestFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findTestFiles(full)));
    else if (/\.test\.tsx?$/.test(entry.name)) {
      const compiled = path
        .join(testRoot, path.relative(sourceRoot, full))
        .replace(/\.tsx?$/, '.js');
      if (!existsSync(compiled))
        throw new Error(`${compiled} is missing: compile first (tsc -p .)`);
      found.push(compiled);
    }
  }
  return found.sort();
}

/** The `.server.` files of a run that never reached a server: they belong to the fast tier. */
async function misfiled(files: string[], reachedDir: string): Promise<string[]> {
  const reached = new Set(await fs.readdir(reachedDir));
  return files.filter((file) => isServerTest(file) && !reached.has(reachedMarker(file)));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const fast = args.includes('--fast');
  const filter = args.filter((arg) => arg !== '--fast');
  let files = await findTestFiles(sourceRoot);
  // A filter matches the path below the test folder (`ui/`, `load/append`), never the
  // checkout's own location (a clone in a folder named "wt-ui" would match "ui" everywhere).
  const below = (file: string) => `test/${path.relative(testRoot, file)}`;
  if (filter.length > 0)
    files = files.filter((file) => filter.some((part) => below(file).includes(part)));
  const serverFiles = files.filter(isServerTest).length;
  if (fast) files = files.filter((file) => !isServerTest(file));
  if (files.length === 0) {
    // node --test with no file runs every test file under the working folder: never that.
    console.error(`No test file matches ${filter.join(' ') || 'the tier'}`);
    return 2;
  }

  let dataDir: string | undefined;
  const reachedDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-tiers-'));
  const env: NodeJS.ProcessEnv = { ...process.env, [REACHED_DIR_VARIABLE]: reachedDir };
  if (fast) {
    console.error(`The fast tier: ${files.length} test files (${serverFiles} .server. left out)`);
  } else if (serverFiles === 0) {
    console.error(`${files.length} test files, none of which needs a server: none started`);
  } else if (!env.MONGODB_URI) {
    console.error(`${files.length} test files, ${serverFiles} of them on the server`);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-tests-'));
    const server = await startEmbedded({
      dataDir,
      port: 0,
      onProgress: (line) => console.error(line),
    });
    env.MONGODB_URI = server.uri ?? undefined;
    console.error(`Tests run against the embedded FerretDB at ${server.uri}`);
  } else {
    console.error(`${files.length} test files, ${serverFiles} of them on the server`);
    console.error('Tests run against the server in MONGODB_URI');
  }

  const stop = async () => {
    if (dataDir) {
      await stopEmbedded(dataDir).catch(() => undefined);
      await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    }
  };
  let interrupted = false;
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=2', '--import', preload, ...files],
      { env, stdio: 'inherit' },
    );
    const forward = (signal: NodeJS.Signals) => {
      interrupted = true;
      child.kill(signal);
    };
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  await stop();

  // Not after an interrupted run, whose files may not all have started.
  const wrongTier = interrupted ? [] : await misfiled(files, reachedDir);
  await fs.rm(reachedDir, { recursive: true, force: true });
  for (const file of wrongTier) {
    const name = sourceName(file);
    console.error(
      `${name} is named as a server test but reached no server (test/support/server, cli, ` +
        `tmux or a MongoClient): rename it ${name.replace('.server.test.', '.test.')} (git mv).`,
    );
  }
  return wrongTier.length > 0 ? 1 : code;
}

process.exitCode = await main();
