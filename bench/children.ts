/** Runs bench/measure in a child process (its own peak RSS) and returns what it measured. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './measure.js';

const MEASURE = fileURLToPath(new URL('./measure.js', import.meta.url));

export function measureInChild(args: string[], env: NodeJS.ProcessEnv): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MEASURE, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as Measurement);
      else reject(new Error(`bench/measure ${args.join(' ')} exited ${code}`));
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
