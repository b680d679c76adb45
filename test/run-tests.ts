/**
 * `npm test`: starts the embedded FerretDB once (unless MONGODB_URI names a server), runs
 * every compiled test file with node's test runner against it, and stops it again.
 *
 * `npm run test:fast` (`--fast`): only the files that need no server, and no server started:
 * the tier a developer runs while working. A file needs a server when it imports one of the
 * helpers that reach one (test/support/server, cli or tmux); everything else (core, formats,
 * the in-memory store and the operations on it, the UI model) is fast.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbedded, stopEmbedded } from '#adapters/embedded/server.js';

const testRoot = path.dirname(fileURLToPath(import.meta.url));

async function findTestFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findTestFiles(full)));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

const NEEDS_SERVER = /support\/(server|cli|tmux)\.js['"]/;

async function needsServer(file: string): Promise<boolean> {
  return NEEDS_SERVER.test(await fs.readFile(file, 'utf8'));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const fast = args.includes('--fast');
  const filter = args.filter((arg) => arg !== '--fast');
  let files = await findTestFiles(testRoot);
  if (filter.length > 0) files = files.filter((file) => filter.some((part) => file.includes(part)));
  if (fast) {
    const tiers = await Promise.all(files.map(needsServer));
    files = files.filter((_file, index) => !tiers[index]);
  }

  let dataDir: string | undefined;
  const env = { ...process.env };
  if (fast) {
    console.error(`The fast tier: ${files.length} test files that need no server`);
  } else if (!env.MONGODB_URI) {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-tests-'));
    const server = await startEmbedded({
      dataDir,
      port: 0,
      onProgress: (line) => console.error(line),
    });
    env.MONGODB_URI = server.uri ?? undefined;
    console.error(`Tests run against the embedded FerretDB at ${server.uri}`);
  } else {
    console.error('Tests run against the server in MONGODB_URI');
  }

  const stop = async () => {
    if (dataDir) {
      await stopEmbedded(dataDir).catch(() => undefined);
      await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    }
  };
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], {
      env,
      stdio: 'inherit',
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  await stop();
  return code;
}

process.exitCode = await main();
