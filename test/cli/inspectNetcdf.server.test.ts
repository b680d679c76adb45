import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { NETCDF_FIXTURES } from '#test/support/netcdf.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('inspect-netcdf');

/**
 * `flux-manage inspect` on NetCDF files, as an operator runs it. Expected values are the
 * fixtures' own, as their script (test/fixtures/netcdf/make_fixtures.py) wrote them.
 */
describe('flux-manage inspect on NetCDF', () => {
  it('prints dimensions (unlimited marked), variables with units, fill and packing, and the time axis', async () => {
    const result = await runFluxManage(['inspect', `${NETCDF_FIXTURES}cdf2_packed.nc`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /cdf2_packed\.nc: NetCDF 64-bit offset \(CDF-2\) \[netcdf\]/);
    assert.match(result.stdout, /Dimensions: time = 5 \(unlimited\), latitude = 4, longitude = 6/);
    assert.match(
      result.stdout,
      /co2\s+int16\s+time, latitude, longitude\s+ppm\s+-\s+-32767\s+x 0\.001 \+ 400\s+yes/,
    );
    assert.match(
      result.stdout,
      /Time "time": 2015-06-01T00:00:00 \.\. 2015-06-01T12:00:00, 5 steps, every 10800 s/,
    );
  });

  it('--var NAME --step N prints that step decoded, --json too', async () => {
    const path = `${NETCDF_FIXTURES}cdf2_packed.nc`;
    const text = await runFluxManage(['inspect', path, '--var', 'co2', '--step', '4']);
    assert.equal(text.code, 0, text.stderr);
    const [head, , second] = text.stdout.split('\n');
    assert.equal(
      head,
      'co2: int16 (time=5, latitude=4, longitude=6), step 4 of 5 (2015-06-01T09:00:00)',
    );
    // The _FillValue the script wrote at step 4, row 2, column 2.
    assert.equal(second?.split(' ')[1], 'NaN');
    const json = await runFluxManage(['inspect', path, '--var', 'co2', '--step', '4', '--json']);
    const parsed = JSON.parse(json.stdout) as { data: Array<Array<number | null>> };
    assert.equal(parsed.data.length, 4);
    assert.equal(parsed.data[1]?.[1], null);
  });

  it('a truncated NetCDF file is refused in one line naming it', async () => {
    const bytes = await fs.readFile(`${NETCDF_FIXTURES}cdf5_monthly.nc`);
    const cut = temp.file('cut.nc');
    await fs.writeFile(cut, bytes.subarray(0, bytes.length - 5));
    const result = await runFluxManage(['inspect', cut]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr.trim(),
      /^flux-manage: .*cut\.nc: the file is truncated: variable "flux" needs \d+ bytes but the file has \d+$/,
    );
  });
});
