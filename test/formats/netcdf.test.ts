import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { MemoryByteSource } from '#core/formats/memorySource.js';
import { shortestFloat32 } from '#core/formats/netcdf/cf.js';
import { ClassicFile } from '#core/formats/netcdf/ClassicFile.js';
import { NetCdfFile } from '#core/formats/netcdf/NetCdfFile.js';
import type { NetCdfDataset } from '#core/formats/netcdf/types.js';
import { NETCDF_FIXTURES } from '#test/support/netcdf.js';
import { python } from '#test/support/python.js';

interface PythonHeader {
  format: string;
  dimensions: Array<{ name: string; length: number; unlimited: boolean }>;
  variables: Array<{ name: string; dimensions: string[]; shape: number[] }>;
  attributes: string[];
  /** The first variable over time: its raw stored values (no masking, no unpacking) at each step. */
  steps: number[][];
}

/** The header and raw values as netCDF4-python reads them (the reference library). */
function pythonHeader(path: string, variable: string): Promise<PythonHeader> {
  return python<PythonHeader>(
    `
import netCDF4, numpy as np
d = netCDF4.Dataset(data['path'])
v = d.variables[data['variable']]
v.set_auto_maskandscale(False)
emit({'format': d.data_model,
      'dimensions': [{'name': n, 'length': len(x), 'unlimited': x.isunlimited()} for n, x in d.dimensions.items()],
      'variables': [{'name': n, 'dimensions': list(x.dimensions), 'shape': list(x.shape)} for n, x in d.variables.items()],
      'attributes': sorted(d.ncattrs()),
      'steps': [[float(x) for x in np.asarray(v[k]).reshape(-1)] for k in range(v.shape[0])]})`,
    { path, variable },
  );
}

const FILES: Array<[string, string, string]> = [
  ['nc4_flux.nc', 'flux', 'netCDF-4'],
  ['cdf2_packed.nc', 'co2', 'CDF-2'],
  ['cdf5_monthly.nc', 'flux', 'CDF-5'],
  ['calendar_360.nc', 'flux', 'CDF-1'],
  ['cdf5_records.nc', 'count', 'CDF-5'],
];

describe('NetCDF readers against netCDF4-python', () => {
  for (const [file, variable, kind] of FILES) {
    it(`${file}: ${kind} header and every step of "${variable}"`, async () => {
      const path = `${NETCDF_FIXTURES}${file}`;
      const expected = await pythonHeader(path, variable);
      const data = await openDataFileAt(path);
      try {
        const netcdf = data.netcdf as NetCdfDataset;
        assert.equal(netcdf.kind, kind);
        assert.deepEqual(netcdf.dimensions, expected.dimensions);
        assert.deepEqual(
          netcdf.variables.map(({ name, dimensions, shape }) => ({ name, dimensions, shape })),
          expected.variables,
        );
        assert.deepEqual(Object.keys(netcdf.attributes).sort(), expected.attributes);
        const found = netcdf.variables.find((candidate) => candidate.name === variable);
        assert.ok(found);
        for (const [k, step] of expected.steps.entries())
          assert.deepEqual(
            Array.from(await netcdf.readStep(found, k), (v) => (Number.isNaN(v) ? null : v)),
            step,
          );
      } finally {
        await data.close();
      }
    });
  }

  it('a classic file whose numrecs is STREAMING (all ones) takes its record count from its size', async () => {
    for (const [name, variable, end] of [
      ['cdf2_packed.nc', 'co2', 8],
      ['cdf5_records.nc', 'count', 12],
    ] as const) {
      const bytes = Buffer.from(await fs.readFile(`${NETCDF_FIXTURES}${name}`));
      bytes.fill(0xff, 4, end);
      const file = new NetCdfFile(await ClassicFile.open(new MemoryByteSource(name, bytes)));
      const expected = await pythonHeader(`${NETCDF_FIXTURES}${name}`, variable);
      assert.deepEqual(file.netcdf.dimensions, expected.dimensions, name);
      const found = file.netcdf.variables.find((candidate) => candidate.name === variable);
      assert.ok(found);
      const last = expected.steps.length - 1;
      assert.deepEqual(Array.from(await file.netcdf.readStep(found, last)), expected.steps[last]);
    }
  });

  it("float32 values become the double of numpy's shortest repr", async () => {
    const samples = [1.5862054e-6, 0.1, 3.4028235e38, 1e-45, -2.5, 16777217, 0.30000001];
    // And 3000 of every magnitude, from a fixed linear congruential sequence.
    let seed = 23;
    for (let k = 0; k < 3000; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      samples.push((seed / 2 ** 31 - 0.5) * 10 ** ((k % 85) - 46));
    }
    const widened = samples
      .map((value) => Math.fround(value))
      .filter((value) => Number.isFinite(value) && value !== 0);
    assert.ok(widened.length > 2900);
    const expected = await python<number[]>(
      `import numpy as np
emit([float(repr(np.float32(x)).replace('np.float32(', '').rstrip(')')) for x in data])`,
      widened,
    );
    assert.deepEqual(widened.map(shortestFloat32), expected);
  });
});
