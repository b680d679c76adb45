import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PYTHON_STATS, python } from './python.js';
import { assertStatsClose } from './stats.js';

/** The NetCDF test files (test/fixtures/netcdf/README.md), with a trailing slash. */
export const NETCDF_FIXTURES = fileURLToPath(
  new URL('../../../test/fixtures/netcdf/', import.meta.url),
);

type Pair = [number, number];

/** What a NetCDFGrid load must store, as netCDF4-python reads the file (not our reader). */
export interface ExpectedNetCdf {
  title: string;
  units: string | null;
  grid: { x: number; y: number };
  coords: Pair[];
  /** One per time step: its ISO time (to the second) and its values in coord_index order. */
  steps: Array<{ time: string; values: Array<number | null> }>;
  bbox: number[];
  md5: string;
  stats: object;
}

/**
 * The documents a NetCDFGrid load of `variable` must make, computed by netCDF4-python with
 * its own masking (_FillValue, missing_value, valid_range) and unpacking, CF time decoding
 * (num2date) and numpy's shortest float32 forms: cells in the variable's storage order with
 * length-1 dimensions squeezed, longitudes >= 180 shifted by -360, cells missing at every
 * step left out.
 */
export function expectedNetCdf(path: string, variable: string): Promise<ExpectedNetCdf> {
  return python<ExpectedNetCdf>(
    `${PYTHON_STATS}
import hashlib, datetime
import numpy as np, netCDF4
d = netCDF4.Dataset(data['path'])
v = d.variables[data['variable']]
def names(*wanted):
    return [n for n in v.dimensions[1:] if n in wanted][0]
yname = names('lat', 'latitude')
xname = names('lon', 'longitude')
t = d.variables[v.dimensions[0]]
times = netCDF4.num2date(t[:], t.units, calendar=getattr(t, 'calendar', 'standard'),
                         only_use_cftime_datetimes=False, only_use_python_datetimes=True)
times = [(x + datetime.timedelta(microseconds=500000)).replace(microsecond=0) for x in times]
def plain(values, dtype):
    if dtype == np.float32:
        return [float(str(np.float32(x))) for x in values]
    return [float(x) for x in values]
def coordinate(name):
    c = d.variables[name]
    return plain(np.asarray(c[:]), c.dtype)
y = coordinate(yname)
x = [c - 360 if c >= 180 else c for c in coordinate(xname)]
kept_dims = [n for n in v.dimensions[1:] if n in (yname, xname)]
x_outer = kept_dims[0] == xname
cells = [(a, b) for a in x for b in y] if x_outer else [(b, a) for a in y for b in x]
arr = v[:]
packed = hasattr(v, 'scale_factor') or hasattr(v, 'add_offset')
steps = []
for k in range(arr.shape[0]):
    step = np.ma.masked_invalid(np.ma.asarray(arr[k]).astype('f8' if packed else arr.dtype))
    flat = step.reshape(-1)
    if packed or arr.dtype != np.float32:
        values = [None if m else float(val) for val, m in zip(flat.data, np.ma.getmaskarray(flat))]
    else:
        values = [None if m else float(str(np.float32(val))) for val, m in zip(flat.data, np.ma.getmaskarray(flat))]
    steps.append(values)
keep = [i for i in range(len(cells)) if any(s[i] is not None for s in steps)]
coords = [list(cells[i]) for i in keep]
steps = [{'time': times[k].strftime('%Y-%m-%dT%H:%M:%S'), 'values': [s[i] for i in keep]}
         for k, s in enumerate(steps)]
xs = [c[0] for c in coords]
ys = [c[1] for c in coords]
bbox = (min(xs), min(ys), max(xs), max(ys))
title = getattr(v, 'long_name', None) or getattr(d, 'title', '')
emit({'title': title, 'units': getattr(v, 'units', None),
      'grid': {'x': float('%.12g' % abs(x[1] - x[0])), 'y': float('%.12g' % abs(y[1] - y[0]))},
      'coords': coords, 'steps': steps, 'bbox': list(bbox),
      'md5': hashlib.md5(str(bbox).encode()).hexdigest(),
      'stats': {'values': stats([val for s in steps for val in s['values']])}})`,
    { path, variable },
  );
}

/**
 * A NetCDFGrid dataset's metadata is what netCDF4-python says it must be: `dates` are the first
 * and last time for Grid4D (a regular axis), every time for Grid3D.
 */
export function assertNetCdfMetadata(
  metadata: Record<string, unknown>,
  expected: ExpectedNetCdf,
  dates: 'range' | 'every',
): void {
  assert.equal(metadata.title, expected.title);
  assert.deepEqual(metadata.units, {
    x: 'degrees',
    y: 'degrees',
    ...(expected.units === null ? {} : { values: expected.units }),
  });
  assert.deepEqual(metadata.grid, { units: 'degrees', ...expected.grid });
  const times = expected.steps.map((step) => step.time);
  assert.deepEqual(metadata.dates, dates === 'range' ? [times[0], times.at(-1)] : times);
  assert.deepEqual(metadata.bbox, expected.bbox);
  assert.equal(metadata.bboxmd5, expected.md5);
  assertStatsClose(metadata.stats, expected.stats);
}
