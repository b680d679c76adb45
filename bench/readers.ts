/**
 * Reader benchmark: decode throughput of a large double matrix, compressed and not, and the
 * peak memory of streaming it. Each measurement runs in a child process so that its peak
 * resident set size (process.resourceUsage().maxRSS) is its own.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { syntheticFluxColumn, writeLargeMat5 } from './matGenerator.js';

const ROWS = 64_800; // a 1-degree global grid

interface Measurement {
  file: string;
  compressed: boolean;
  columns: number;
  megabytes: number;
  seconds: number;
  mbPerSecond: number;
  peakRssMb: number;
}

async function measure(file: string): Promise<Omit<Measurement, 'compressed'>> {
  const started = performance.now();
  const data = await openDataFileAt(file);
  const matrix = await data.matrix('flux');
  let columns = 0;
  for await (const column of matrix.readColumns()) if (column.length === ROWS) columns++;
  await data.close();
  const seconds = (performance.now() - started) / 1000;
  const megabytes = (ROWS * columns * 8) / 1e6;
  return {
    file: path.basename(file),
    columns,
    megabytes,
    seconds,
    mbPerSecond: megabytes / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function child(file: string): Promise<Omit<Measurement, 'compressed'>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--measure', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`measurement exited ${code}`)),
    );
  });
}

export async function runReaderBenchmark(
  columnCounts: number[],
  log: (line: string) => void,
): Promise<Measurement[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-readers-'));
  const results: Measurement[] = [];
  try {
    for (const columns of columnCounts) {
      for (const compressed of [false, true]) {
        const file = path.join(dir, `flux-${columns}${compressed ? '-z' : ''}.mat`);
        log(
          `writing ${path.basename(file)} (${ROWS} x ${columns} doubles${compressed ? ', compressed' : ''})`,
        );
        await writeLargeMat5(
          file,
          { name: 'flux', rows: ROWS, columns, column: (c) => syntheticFluxColumn(ROWS, c) },
          compressed,
        );
        const result = { ...(await child(file)), compressed };
        log(
          `  read ${result.megabytes.toFixed(0)} MB in ${result.seconds.toFixed(2)} s: ${result.mbPerSecond.toFixed(0)} MB/s, peak RSS ${result.peakRssMb.toFixed(0)} MB (file ${((await fs.stat(file)).size / 1e6).toFixed(0)} MB)`,
        );
        results.push(result);
        await fs.rm(file);
      }
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[2] === '--measure') {
  process.stdout.write(JSON.stringify(await measure(process.argv[3] as string)));
}
