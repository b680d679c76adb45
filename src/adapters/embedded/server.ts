import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { FluxError } from '#core/errors.js';
import { defaultEmbeddedDataDir } from './paths.js';
import { findOnPath, isAlive, provisionFerretDb, type ProvisionOptions } from './provision.js';

export type Engine = 'ferretdb' | 'mongod';
export const ENGINES: readonly Engine[] = ['ferretdb', 'mongod'];
export const DEFAULT_EMBEDDED_PORT = 27027;

export interface EmbeddedStatus {
  running: boolean;
  uri: string | null;
  pid: number | null;
  engine: Engine | null;
  data: string;
}

/** What `start` remembers in the data directory so that `stop` and `status` find the server. */
interface PidFile {
  pid: number;
  port: number;
  engine: Engine;
  uri: string;
  binary: string;
  startedAt: string;
}

export interface StartOptions extends ProvisionOptions {
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
  engine?: Engine;
  readyTimeoutMs?: number;
}

const PID_FILE = 'server.json';
const LOG_FILE = 'server.log';

export function resolveDataDir(
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return path.resolve(dataDir ?? defaultEmbeddedDataDir(env));
}

export async function embeddedStatus(dataDir?: string): Promise<EmbeddedStatus> {
  const data = resolveDataDir(dataDir);
  const pidFile = await readPidFile(data);
  if (!pidFile || !(await isOurServer(pidFile))) {
    return { running: false, uri: null, pid: null, engine: null, data };
  }
  return { running: true, uri: pidFile.uri, pid: pidFile.pid, engine: pidFile.engine, data };
}

/** Starts the server unless it already runs; resolves once it answers `ping`. */
export async function startEmbedded(
  options: StartOptions = {},
): Promise<EmbeddedStatus & { alreadyRunning: boolean }> {
  const data = resolveDataDir(options.dataDir, options.env);
  const current = await embeddedStatus(data);
  if (current.running) return { ...current, alreadyRunning: true };
  await fs.rm(path.join(data, PID_FILE), { force: true }); // stale: its process is gone

  const engine = options.engine ?? 'ferretdb';
  const binary = await findEngineBinary(engine, options);
  const port =
    options.port === undefined
      ? DEFAULT_EMBEDDED_PORT
      : options.port === 0
        ? await freePort()
        : options.port;
  if (!(await portIsFree(port))) {
    throw new FluxError(
      'embedded',
      `port ${port} on 127.0.0.1 is already in use by another program; choose another with --port`,
    );
  }
  const uri = `mongodb://127.0.0.1:${port}/`;
  await fs.mkdir(path.join(data, engine === 'mongod' ? 'mongod' : 'sqlite'), { recursive: true });
  const logPath = path.join(data, LOG_FILE);
  const log = openSync(logPath, 'a');
  const child = (() => {
    try {
      return spawn(binary, engineArguments(engine, data, port), {
        detached: true,
        stdio: ['ignore', log, log],
        // DO_NOT_TRACK is FerretDB's second switch for telemetry, besides --telemetry=disable.
        env: { ...process.env, DO_NOT_TRACK: '1', FERRETDB_TELEMETRY: 'disable' },
      });
    } finally {
      closeSync(log);
    }
  })();
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.on('error', (error) => {
    exited = error.message;
  });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new FluxError('embedded', `could not start ${binary}`);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await answersPing(uri))) {
    if (exited !== null || !isAlive(pid)) {
      throw new FluxError(
        'embedded',
        `${engine} stopped during start-up (${exited ?? 'exited'}): ${await lastLogLine(logPath)} (log: ${logPath})`,
      );
    }
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      throw new FluxError(
        'embedded',
        `${engine} did not answer ping within ${Math.round((options.readyTimeoutMs ?? 30_000) / 1000)} s (log: ${logPath})`,
      );
    }
    await sleep(150);
  }
  const pidFile: PidFile = { pid, port, engine, uri, binary, startedAt: new Date().toISOString() };
  await fs.writeFile(path.join(data, PID_FILE), `${JSON.stringify(pidFile, null, 2)}\n`);
  return { running: true, uri, pid, engine, data, alreadyRunning: false };
}

/** Asks the server to shut down cleanly, killing it only if it ignores that for 15 s. */
export async function stopEmbedded(
  dataDir?: string,
): Promise<{ wasRunning: boolean; stalePidFile: boolean; data: string }> {
  const data = resolveDataDir(dataDir);
  const pidFile = await readPidFile(data);
  if (!pidFile) return { wasRunning: false, stalePidFile: false, data };
  if (!(await isOurServer(pidFile))) {
    await fs.rm(path.join(data, PID_FILE), { force: true });
    return { wasRunning: false, stalePidFile: true, data };
  }
  process.kill(pidFile.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isAlive(pidFile.pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pidFile.pid)) process.kill(pidFile.pid, 'SIGKILL');
  while (isAlive(pidFile.pid)) await sleep(50);
  await fs.rm(path.join(data, PID_FILE), { force: true });
  return { wasRunning: true, stalePidFile: false, data };
}

async function findEngineBinary(engine: Engine, options: StartOptions): Promise<string> {
  if (engine === 'ferretdb') return (await provisionFerretDb(options)).path;
  const mongod = await findOnPath('mongod', options.env);
  if (!mongod) {
    throw new FluxError(
      'embedded',
      'mongod is not on PATH; install MongoDB, or use --engine ferretdb',
    );
  }
  return mongod;
}

function engineArguments(engine: Engine, data: string, port: number): string[] {
  if (engine === 'mongod') {
    return [
      '--dbpath',
      path.join(data, 'mongod'),
      '--bind_ip',
      '127.0.0.1',
      '--port',
      String(port),
    ];
  }
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${path.join(data, 'sqlite')}/`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    `--state-dir=${path.join(data, 'state')}`,
    '--log-level=error',
  ];
}

async function readPidFile(data: string): Promise<PidFile | null> {
  try {
    const parsed = JSON.parse(
      await fs.readFile(path.join(data, PID_FILE), 'utf8'),
    ) as Partial<PidFile>;
    if (typeof parsed.pid !== 'number' || typeof parsed.uri !== 'string') return null;
    return parsed as PidFile;
  } catch {
    return null;
  }
}

/** A pid file is stale when its process is gone, or the pid now belongs to another program. */
async function isOurServer(pidFile: PidFile): Promise<boolean> {
  if (!isAlive(pidFile.pid)) return false;
  try {
    const cmdline = await fs.readFile(`/proc/${pidFile.pid}/cmdline`, 'utf8');
    return cmdline.includes(path.basename(pidFile.binary ?? pidFile.engine));
  } catch {
    return true; // no /proc (macOS): trust the live pid
  }
}

async function answersPing(uri: string): Promise<boolean> {
  if (!(await acceptsConnections(uri))) return false;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

function acceptsConnections(uri: string): Promise<boolean> {
  const port = Number(new URL(uri).port);
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function lastLogLine(logPath: string): Promise<string> {
  const text = await fs.readFile(logPath, 'utf8').catch(() => '');
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  const panic = lines.find((line) => line.startsWith('panic:'));
  return (panic ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
