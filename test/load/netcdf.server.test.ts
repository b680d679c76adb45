import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { storedPairs } from '#test/support/coordIndex.js';
import { assertNetCdfMetadata, expectedNetCdf, NETCDF_FIXTURES } from '#test/support/netcdf.js';
import { useTestDatabase } from '#test/support/server.js';

/**
 * `load -m NetCDFGrid` through the CLI into the server: every stored document, coord_index and
 * the metadata compared with what netCDF4-python reads from the same file.
 */
const server = useTestDatabase('netcdf');

const CASES: Array<{ file: string; variable: string; name: string; mediator?: string }> = [
  { file: 'nc4_flux.nc', variable: 'flux', name: 'nee_nc4' },
  { file: 'cdf2_packed.nc', variable: 'co2', name: 'co2_cdf2' },
  { file: 'cdf5_monthly.nc', variable: 'flux', name: 'monthly_cdf5', mediator: 'Grid3DMediator' },
];

describe('load -m NetCDFGrid into the server', () => {
  for (const { file, variable, name, mediator } of CASES) {
    it(`${file} (${variable}${mediator ? `, -d ${mediator}` : ''}) stores what netCDF4-python reads`, async () => {
      const path = `${NETCDF_FIXTURES}${file}`;
      const result = await runFluxManage(
        ['load', '-p', path, '-m', 'NetCDFGrid', '-n', name, ...(mediator ? ['-d', mediator] : [])],
        { env: server.env },
      );
      assert.equal(result.code, 0, result.stderr);
      const expected = await expectedNetCdf(path, variable);

      const metadata = await server.db
        .collection<{ _id: string; [key: string]: unknown }>('metadata')
        .findOne({ _id: name });
      assert.ok(metadata);
      assertNetCdfMetadata(metadata, expected, mediator ? 'every' : 'range');

      const index = await server.db
        .collection<{ _id: string; i: unknown }>('coord_index')
        .findOne({ _id: name });
      assert.ok(index);
      assert.deepEqual(storedPairs(index.i), expected.coords);

      const documents = await server.db
        .collection<{ _id: Date; values: Array<number | null> }>(name)
        .find()
        .sort({ _id: 1 })
        .toArray();
      assert.deepEqual(
        documents.map((document) => ({
          time: document._id.toISOString().slice(0, 19),
          values: document.values,
        })),
        expected.steps,
      );
    });
  }

  it('a 360_day calendar is refused in one line naming the file and calendar; nothing is written', async () => {
    const result = await runFluxManage(
      ['load', '-p', `${NETCDF_FIXTURES}calendar_360.nc`, '-m', 'NetCDFGrid', '-n', 'cal360'],
      { env: server.env },
    );
    assert.notEqual(result.code, 0);
    assert.match(
      result.stderr,
      /calendar_360\.nc: its time coordinate "time" uses the 360_day calendar/,
    );
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.equal(
      await server.db.collection<{ _id: string }>('metadata').countDocuments({ _id: 'cal360' }),
      0,
    );
  });
});
