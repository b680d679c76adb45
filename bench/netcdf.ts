/**
 * NetCDF benchmark (`--netcdf-only`): a 64,800-cell (1-degree global) grid of T steps loaded
 * from a zlib-compressed, chunked netCDF-4 file (NetCDFGrid) and from the equivalent
 * compressed .mat (SpatioTemporalMatrix: the same values, as doubles of their float32 shortest
 * forms), in one run:
 * - netcdf_vs_mat (target <= 1.2): `flux-manage load` of each into the server, wall time;
 * - netcdf_vs_mat_read: the load's own work without the server (the plan, for NetCDF with its
 *   mask pass over every step, then every document built), which shows the reading alone;
 * - netcdf_rss_growth: NetCDF's peak memory of that work at T and 4T (flat: about 1).
 * Each measurement runs in a child process, so its peak RSS is its own. The netCDF-4 files
 * are written by netCDF4-python (test/requirements.txt).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { shortestFloat32 } from '#core/formats/netcdf/cf.js';
import { planFromFile, type LoadRequest } from '#core/operations/load/plan.js';
import { withServer } from './load.js';
import { writeLargeMat5 } from './matGenerator.js';

const LATS = 180;
const LONS = 360;
const CELLS = LATS * LONS;

interface Measurement {
  seconds: number;
  documents: number;
  peakRssMb: number;
}

export interface NetCdfBenchmark {
  steps: number;
  netcdf_load_seconds: number;
  mat_load_seconds: number;
  netcdf_vs_mat: number;
  netcdf_seconds: number;
  mat_seconds: number;
  netcdf_vs_mat_read: number;
  netcdf_peak_rss_mb: number;
  netcdf_peak_rss_mb_4x: number;
  netcdf_rss_growth: number;
}

/** Flux-like float32 values of about 1e-6, a missing cell every 997. */
function value(cell: number, step: number): number {
  if (cell % 997 === 5) return Number.NaN;
  return Math.fround(
    (Math.sin(cell * 0.0137 + step * 0.29) * 3 + Math.cos(cell * 0.00071 - step * 0.13) * 1.5) *
      1e-6,
  );
}

/** The netCDF-4 file, written by netCDF4-python from the same formula. */
function writeNetCdf4(file: string, steps: number): Promise<void> {
  const script = `
import sys, numpy as np, netCDF4
path, steps = sys.argv[1], int(sys.argv[2])
d = netCDF4.Dataset(path, 'w', format='NETCDF4')
d.createDimension('time', None); d.createDimension('lat', ${LATS}); d.createDimension('lon', ${LONS})
t = d.createVariable('time', 'f8', ('time',)); t.units = 'hours since 2010-01-01 00:00:00'
lat = d.createVariable('lat', 'f4', ('lat',)); lat.units = 'degrees_north'; lat[:] = np.arange(${LATS}) - 89.5
lon = d.createVariable('lon', 'f4', ('lon',)); lon.units = 'degrees_east'; lon[:] = np.arange(${LONS}) - 179.5
v = d.createVariable('flux', 'f4', ('time', 'lat', 'lon'), zlib=True, complevel=4,
                     chunksizes=(1, ${LATS}, ${LONS}), fill_value=np.float32(-9999))
v.units = 'mol m-2 s-1'
cell = np.arange(${CELLS})
for k in range(steps):
    values = ((np.sin(cell * 0.0137 + k * 0.29) * 3 + np.cos(cell * 0.00071 - k * 0.13) * 1.5) * 1e-6).astype('f4')
    values[cell % 997 == 5] = -9999
    v[k] = values.reshape(${LATS}, ${LONS})
t[:] = np.arange(steps) * 3.0
d.close()
`;
  return new Promise((resolve, reject) => {
    const proc = spawn('python3', ['-c', script, file, String(steps)], { stdio: 'inherit' });
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`netCDF4-python exited ${code}`)),
    );
  });
}

/** The equivalent .mat: x, y, then one column per step, the NetCDF load's values as doubles. */
function writeMat(file: string, steps: number): Promise<void> {
  return writeLargeMat5(
    file,
    {
      name: 'flux',
      rows: CELLS,
      columns: 2 + steps,
      column(index) {
        const out = new Float64Array(CELLS);
        for (let cell = 0; cell < CELLS; cell++) {
          const [lat, lon] = [Math.floor(cell / LONS), cell % LONS];
          out[cell] =
            index === 0
              ? lon - 179.5
              : index === 1
                ? lat - 89.5
                : shortestFloat32(value(cell, index - 2));
        }
        return out;
      },
    },
    true,
  );
}

async function measure(request: LoadRequest): Promise<Measurement> {
  const started = performance.now();
  const plan = await planFromFile(request, LOCAL_FILES);
  let documents = 0;
  try {
    for await (const built of plan.data.documents()) if (built.valueCount > 0) documents++;
  } finally {
    await plan.file.close();
  }
  return {
    seconds: (performance.now() - started) / 1000,
    documents,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function child(request: LoadRequest): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--measure', JSON.stringify(request)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`measurement exited ${code}`)),
    );
  });
}

/** `flux-manage load` into the server, timed (the CLI in a process of its own). */
function cliLoad(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [cli, 'load', '--quiet', ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`flux-manage load exited ${code}`)),
    );
  });
}

const MAT_OVERRIDES = 'timestamp=2010-01-01T00:00:00;steps=[10800];precision=None;var_name=flux';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export async function runNetCdfBenchmark(
  steps: number,
  runs: number,
  log: (line: string) => void,
): Promise<NetCdfBenchmark> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-bench-netcdf-'));
  try {
    const netcdfFile = async (count: number) => {
      const file = path.join(dir, `flux-${count}.nc`);
      log(`writing ${path.basename(file)} (${CELLS} cells x ${count} steps, netCDF-4 zlib)`);
      await writeNetCdf4(file, count);
      return file;
    };
    const readNetCdf = async (file: string) => {
      const result = await child({ path: file, model: 'NetCDFGrid', name: 'bench' });
      log(
        `  NetCDFGrid without the server: ${result.documents} documents in ${result.seconds.toFixed(2)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB`,
      );
      return result;
    };
    const nc = await netcdfFile(steps);
    const small = await readNetCdf(nc);
    const matFile = path.join(dir, `flux-${steps}.mat`);
    log(`writing ${path.basename(matFile)} (${CELLS} x ${2 + steps} doubles, compressed)`);
    await writeMat(matFile, steps);
    const mat = await child({
      path: matFile,
      model: 'SpatioTemporalMatrix',
      name: 'bench',
      configFile: null,
      overrides: MAT_OVERRIDES,
    });
    log(
      `  SpatioTemporalMatrix without the server: ${mat.documents} documents in ${mat.seconds.toFixed(2)} s, peak RSS ${mat.peakRssMb.toFixed(0)} MB`,
    );
    const loads = await withServer(log, async (uri) => {
      const env = { ...process.env, MONGODB_URI: uri, FLUX_DB: `flux_bench_netcdf_${process.pid}` };
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(uri).connect();
      // Interleaved, each into an empty database: the machine's load and the server's state
      // then weigh on both alike (one run of each minutes apart measured the machine).
      const times = { netcdf: [] as number[], mat: [] as number[] };
      try {
        for (let run = 0; run < runs; run++) {
          const netcdf = await cliLoad(['-p', nc, '-m', 'NetCDFGrid', '-n', 'bench_nc'], env);
          await client.db(env.FLUX_DB).dropDatabase();
          const matLoad = await cliLoad(
            ['-p', matFile, '-m', 'SpatioTemporalMatrix', '-n', 'bench_mat', '-o', MAT_OVERRIDES],
            env,
          );
          await client.db(env.FLUX_DB).dropDatabase();
          log(
            `  run ${run + 1}: load -m NetCDFGrid ${netcdf.toFixed(2)} s, -m SpatioTemporalMatrix ${matLoad.toFixed(2)} s`,
          );
          times.netcdf.push(netcdf);
          times.mat.push(matLoad);
        }
      } finally {
        await client.close();
      }
      return { netcdfLoad: median(times.netcdf), matLoad: median(times.mat) };
    });
    await fs.rm(nc);
    await fs.rm(matFile);
    const largeFile = await netcdfFile(4 * steps);
    const large = await readNetCdf(largeFile);
    return {
      steps,
      netcdf_load_seconds: loads.netcdfLoad,
      mat_load_seconds: loads.matLoad,
      netcdf_vs_mat: loads.netcdfLoad / loads.matLoad,
      netcdf_seconds: small.seconds,
      mat_seconds: mat.seconds,
      netcdf_vs_mat_read: small.seconds / mat.seconds,
      netcdf_peak_rss_mb: small.peakRssMb,
      netcdf_peak_rss_mb_4x: large.peakRssMb,
      netcdf_rss_growth: large.peakRssMb / small.peakRssMb,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') {
  process.stdout.write(JSON.stringify(await measure(JSON.parse(process.argv[3] as string))));
}
