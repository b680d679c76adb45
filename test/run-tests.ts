/**
 * `npm test`: starts the embedded FerretDB once (unless MONGODB_URI names a server), runs
 * every compiled test file with node's test runner against it, and stops it again.
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

async function main(): Promise<number> {
  const filter = process.argv.slice(2);
  let files = await findTestFiles(testRoot);
  if (filter.length > 0) files = files.filter((file) => filter.some((part) => file.includes(part)));

  let dataDir: string | undefined;
  const env = { ...process.env };
  if (!env.MONGODB_URI) {
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
