import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import type { NetCdfDataset } from '#core/formats/netcdf/types.js';
import { listNetCdf, readNetCdfValues } from '#core/operations/inspectFile.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import { reviewLoad } from '#core/operations/load/review.js';
import { reviewLines } from '#ui/model/reviewLines.js';
import { initialWizard } from '#ui/model/wizard/state.js';
import { FIXTURES } from '#test/support/fixtures.js';
import {
  assertNetCdfMetadata,
  expectedNetCdf,
  NETCDF_FIXTURES,
  type ExpectedNetCdf,
} from '#test/support/netcdf.js';
import { PYTHON_STATS, python } from '#test/support/python.js';
import { assertStatsClose } from '#test/support/stats.js';
import { useTempDir } from '#test/support/tempDir.js';

/**
 * NetCDFGrid loads on the in-memory store, compared with what netCDF4-python reads from the
 * same files (test/support/netcdf.ts); the same loads against the server are in
 * test/load/netcdf.server.test.ts.
 */
const temp = useTempDir('netcdf');

function load(
  store: MemoryStore,
  path: string,
  name: string,
  options: { mediator?: string; overrides?: string } = {},
) {
  return runLoad({ path, model: 'NetCDFGrid', name, ...options }, store, LOCAL_FILES);
}

async function assertStored(
  store: MemoryStore,
  name: string,
  expected: ExpectedNetCdf,
  dates: 'range' | 'every',
) {
  const metadata = await store.readMetadata(name);
  assert.ok(metadata);
  assertNetCdfMetadata(metadata, expected, dates);
  assert.deepEqual(await store.readCoordIndex(name), expected.coords);
  for (const step of expected.steps) {
    const documents = await store.documentsAt(name, '_id', new Date(`${step.time}Z`));
    assert.equal(documents.length, 1, step.time);
    assert.deepEqual(
      Array.from(documents[0]?.values as number[], (v) => v ?? null),
      step.values,
      step.time,
    );
  }
  return metadata;
}

describe('NetCDFGrid on the in-memory store', () => {
  it('netCDF-4, zlib-compressed and chunked, float32 with _FillValue and valid_range, a 2-D variable beside', async () => {
    const path = `${NETCDF_FIXTURES}nc4_flux.nc`;
    const expected = await expectedNetCdf(path, 'flux');
    const store = new MemoryStore();
    await load(store, path, 'nc4');
    const metadata = await assertStored(store, 'nc4', expected, 'range');
    assert.deepEqual(metadata.steps, [43200]);
    // The ocean cell (missing at every step) is not in coord_index: 29 of 5 x 6 cells.
    assert.equal(expected.coords.length, 29);
    // float32 by its shortest decimal form: 8 significant digits at most, not 17.
    const first = expected.steps[0]?.values.find((v) => v !== null) as number;
    assert.ok(String(first).replace(/^-?0\.0*|e.*$|\./g, '').length <= 9, String(first));
  });

  it('CDF-2 with a record dimension, int16 packing, descending latitudes, longitudes 0..360', async () => {
    const path = `${NETCDF_FIXTURES}cdf2_packed.nc`;
    const expected = await expectedNetCdf(path, 'co2');
    const store = new MemoryStore();
    await load(store, path, 'cdf2');
    const metadata = await assertStored(store, 'cdf2', expected, 'range');
    assert.deepEqual(metadata.steps, [10800]);
    // 180 and beyond shifted by -360: the first row runs 0, 60, 120, -180, -120, -60.
    assert.deepEqual(
      expected.coords.slice(0, 6).map(([x]) => x),
      [0, 60, 120, -180, -120, -60],
    );
  });

  it('CDF-5 float64, a monthly axis: Grid4DMediator refuses it naming the step, Grid3DMediator loads every date', async () => {
    const path = `${NETCDF_FIXTURES}cdf5_monthly.nc`;
    const store = new MemoryStore();
    await assert.rejects(
      load(store, path, 'monthly'),
      /Grid4DMediator: the time axis is not regular: step 3 \(2020-03-01T00:00:00\) is 2505600 s after the one before, not 2678400 s; load it with -d Grid3DMediator/,
    );
    assert.deepEqual(await store.collectionNames(), []);
    const expected = await expectedNetCdf(path, 'flux');
    await load(store, path, 'monthly', { mediator: 'Grid3DMediator' });
    const metadata = await assertStored(store, 'monthly', expected, 'every');
    assert.equal(metadata.steps, undefined);
  });

  it('CDF-5 with a record dimension, uint16, minutes since, longitudes 200..202', async () => {
    const path = `${NETCDF_FIXTURES}cdf5_records.nc`;
    const expected = await expectedNetCdf(path, 'count');
    const store = new MemoryStore();
    await load(store, path, 'records');
    const metadata = await assertStored(store, 'records', expected, 'range');
    assert.deepEqual(metadata.steps, [1800]);
  });

  it('a time step holding the _FillValue of the time coordinate is refused naming the step', async () => {
    const path = temp.file('time-fill.nc');
    await python(
      `
import netCDF4, numpy as np
d = netCDF4.Dataset(data, 'w', format='NETCDF3_CLASSIC')
for name, size in (('time', 2), ('lat', 2), ('lon', 2)): d.createDimension(name, size)
t = d.createVariable('time', 'f8', ('time',), fill_value=-1.0)
t.units = 'days since 2000-01-01'
t[:] = [0.0, -1.0]
d.createVariable('lat', 'f4', ('lat',))[:] = [0, 1]
d.createVariable('lon', 'f4', ('lon',))[:] = [0, 1]
d.createVariable('flux', 'f4', ('time', 'lat', 'lon'))[:] = np.ones((2, 2, 2), 'f4')
d.close()
emit(True)`,
      path,
    );
    const store = new MemoryStore();
    await assert.rejects(
      load(store, path, 'tf'),
      /time-fill\.nc: time step 2 of "time" has no usable value \(NaN\)/,
    );
    assert.deepEqual(await store.collectionNames(), []);
  });

  it('a 360_day calendar is refused, naming it; nothing is written', async () => {
    const store = new MemoryStore();
    await assert.rejects(
      load(store, `${NETCDF_FIXTURES}calendar_360.nc`, 'cal'),
      /calendar_360\.nc: its time coordinate "time" uses the 360_day calendar/,
    );
    assert.deepEqual(await store.collectionNames(), []);
  });

  it('a truncated file of each kind is refused in one line naming it; nothing is written', async () => {
    for (const file of ['nc4_flux.nc', 'cdf2_packed.nc', 'cdf5_monthly.nc', 'calendar_360.nc']) {
      const bytes = await fs.readFile(`${NETCDF_FIXTURES}${file}`);
      for (const keep of [bytes.length - 7, 200]) {
        const cut = temp.file(`cut-${keep}-${file}`);
        await fs.writeFile(cut, bytes.subarray(0, keep));
        const store = new MemoryStore();
        await assert.rejects(load(store, cut, 'cut'), (error: Error) => {
          assert.ok(error.message.startsWith(`${cut}: `), error.message);
          assert.ok(!error.message.includes('\n'), error.message);
          return true;
        });
        assert.deepEqual(await store.collectionNames(), [], `${file} cut to ${keep}`);
      }
    }
  });

  it('var_name picks a variable; a variable that is not gridded is refused naming the gridded ones', async () => {
    const store = new MemoryStore();
    await assert.rejects(
      load(store, `${NETCDF_FIXTURES}nc4_flux.nc`, 'area', { overrides: 'var_name=area' }),
      /variable "area" cannot be loaded by NetCDFGrid: its first dimension "lat" is not a time dimension \(lat, lon\)/,
    );
    await assert.rejects(
      load(store, `${NETCDF_FIXTURES}nc4_flux.nc`, 'none', { overrides: 'var_name=nope' }),
      /no variable "nope"; its gridded variables are flux \(time, lat, lon\)/,
    );
  });

  it('a matrix model on a NetCDF file, and NetCDFGrid on a .mat, are refused saying what fits', async () => {
    const store = new MemoryStore();
    await assert.rejects(
      runLoad(
        {
          path: `${NETCDF_FIXTURES}nc4_flux.nc`,
          model: 'SpatioTemporalMatrix',
          name: 'm',
          overrides: 'timestamp=2010-01-01T00:00:00',
        },
        store,
        LOCAL_FILES,
      ),
      /nc4_flux\.nc: a NetCDF-4 \(HDF5\) file: SpatioTemporalMatrix reads 2-D matrices, not NetCDF variables; load it with -m NetCDFGrid/,
    );
    await assert.rejects(
      load(store, `${FIXTURES}casagfed2004.mat`, 'm'),
      /casagfed2004\.mat: NetCDFGrid reads NetCDF files; this is a MATLAB 5\.0 MAT-file/,
    );
    assert.deepEqual(await store.collectionNames(), []);
  });

  it('a second file with later times and the same grid appends', async () => {
    const later = temp.file('later.nc');
    // The same grid, two later steps, written by netCDF4-python.
    await python(
      `
import netCDF4, numpy as np
src = netCDF4.Dataset(data['source'])
d = netCDF4.Dataset(data['target'], 'w', format='NETCDF4')
for name, dim in src.dimensions.items():
    d.createDimension(name, None if dim.isunlimited() else len(dim))
for name, var in src.variables.items():
    fill = var.getncattr('_FillValue') if '_FillValue' in var.ncattrs() else None
    out = d.createVariable(name, var.dtype, var.dimensions, fill_value=fill)
    out.setncatts({k: var.getncattr(k) for k in var.ncattrs() if k != '_FillValue'})
    if name not in ('time', 'flux'):
        out[:] = var[:]
d.variables['time'][:] = [2.0, 2.5]
values = np.asarray(src.variables['flux'][0:2].filled(-9999.0)) * np.float32(2)
values[:, 0, 0] = -9999.0
d.variables['flux'][:] = values
d.close()
emit(True)`,
      { source: `${NETCDF_FIXTURES}nc4_flux.nc`, target: later },
    );
    const store = new MemoryStore();
    await load(store, `${NETCDF_FIXTURES}nc4_flux.nc`, 'grow');
    await load(store, later, 'grow', { overrides: '' });
    const metadata = await store.readMetadata('grow');
    assert.deepEqual(metadata?.dates, ['2010-01-01T00:00:00', '2010-01-03T12:00:00']);
    assert.equal(await store.recordCount('grow'), 6);
    const expected = await expectedNetCdf(later, 'flux');
    const [document] = await store.documentsAt('grow', '_id', new Date('2010-01-03T12:00:00Z'));
    assert.deepEqual(
      Array.from(document?.values as number[], (v) => v ?? null),
      expected.steps[1]?.values,
    );
    // The statistics after the append are those of every value of both files.
    const before = await expectedNetCdf(`${NETCDF_FIXTURES}nc4_flux.nc`, 'flux');
    const all = [...before.steps, ...expected.steps].flatMap((step) => step.values);
    const stats = await python<object>(`${PYTHON_STATS}\nemit({'values': stats(data)})`, all);
    assertStatsClose(metadata?.stats, stats);
  });
});

describe('inspect on NetCDF files', () => {
  it('lists dimensions, variables with their CF attributes, and the decoded time axis', async () => {
    const data = await openDataFileAt(`${NETCDF_FIXTURES}cdf2_packed.nc`);
    try {
      const listing = await listNetCdf(data, data.netcdf as NetCdfDataset);
      assert.deepEqual(listing.dimensions, [
        { name: 'time', length: 5, unlimited: true },
        { name: 'latitude', length: 4, unlimited: false },
        { name: 'longitude', length: 6, unlimited: false },
      ]);
      const co2 = listing.variables.find((v) => v.name === 'co2');
      assert.deepEqual(co2, {
        name: 'co2',
        class: 'int16',
        dimensions: ['time', 'latitude', 'longitude'],
        shape: [5, 4, 6],
        units: 'ppm',
        long_name: null,
        fill_value: -32767,
        packing: { scale_factor: 0.001, add_offset: 400 },
        loadable: true,
      });
      // Hand-computed from the file's script: hours 0..12 every 3 after 2015-06-01T00:00:00Z.
      assert.deepEqual(listing.time, {
        variable: 'time',
        first: '2015-06-01T00:00:00',
        last: '2015-06-01T12:00:00',
        steps: 5,
        step: 10800,
      });
      assert.equal(
        listing.variables.find((v) => v.name === 'latitude')?.reason,
        'the coordinate variable of dimension "latitude"',
      );
    } finally {
      await data.close();
    }
  });

  it('--var shows one time step decoded as a load reads it (netCDF4-python as the oracle)', async () => {
    const path = `${NETCDF_FIXTURES}cdf2_packed.nc`;
    const expected = await python<Array<Array<number | null>>>(
      `
import netCDF4, numpy as np
v = netCDF4.Dataset(data)['co2']
step = v[3]
emit([[None if np.ma.is_masked(x) else float(x) for x in row] for row in step])`,
      path,
    );
    const data = await openDataFileAt(path);
    try {
      const values = await readNetCdfValues(data.netcdf as NetCdfDataset, 'co2', 4);
      assert.deepEqual(values.step, { index: 4, of: 5, time: '2015-06-01T09:00:00' });
      assert.deepEqual(values.data, expected);
      assert.equal(values.data[1]?.[1], null); // the _FillValue written at that step
    } finally {
      await data.close();
    }
  });
});

describe('the review of a NetCDF load', () => {
  it('shows the decoded time axis, the grid read from the file, and the cells the mask leaves out', async () => {
    const path = `${NETCDF_FIXTURES}nc4_flux.nc`;
    const review = await reviewLoad(
      { path, model: 'NetCDFGrid', name: 'nee' },
      new MemoryStore(),
      LOCAL_FILES,
    );
    // The file's script: 5 x 6 cells, one of them (the ocean) missing at every step.
    assert.equal(review.cells, 29);
    assert.equal(review.leftOut, 1);
    assert.deepEqual(review.metadata.dates, ['2010-01-01T00:00:00', '2010-01-02T12:00:00']);
    const source = (key: string) => review.settings.find((setting) => setting.key === key);
    assert.deepEqual(source('steps'), {
      key: 'steps',
      value: [43200],
      source: `data file ${path}`,
    });
    assert.equal(source('title')?.source, `data file ${path}`);
    const wizard = { ...initialWizard(), review: { status: 'ready' as const, review } };
    const lines = reviewLines(wizard, 200).map((line) => line.text);
    assert.ok(
      lines.includes(
        '  grid 29 cells {"units":"degrees","x":60,"y":30.25}; 1 cell missing at every time left out',
      ),
      lines.join('\n'),
    );
  });
});
