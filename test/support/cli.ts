import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { reachesServer } from './tier.js';

// The real program, spawned: a test that runs it belongs to the server tier.
reachesServer('it imports test/support/cli');

export const CLI_PATH = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real flux-manage in a child process, without a terminal. */
export function runFluxManage(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Environment without any server setting, so tests can give their own. */
export function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

/**
 * `flux-manage load` of a SpatioTemporalMatrix whose first time step is 2004-06-30T00:00
 * (the time most test grids use), with any further arguments.
 */
export function gridLoad(
  path: string,
  name: string,
  extra: string[] = [],
  overrides = 'timestamp=2004-06-30T00:00:00',
): string[] {
  return ['load', '-p', path, '-m', 'SpatioTemporalMatrix', '-n', name, '-o', overrides, ...extra];
}
