/**
 * The guided load on a NetCDF file, without Ink or a server: the variable step lists the
 * gridded variable with its dimensions, units and time range (read from a file netCDF4-python
 * wrote), and the model step proposes NetCDFGrid and flags the matrix models as not fitting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { MODELS } from '#core/models/registry.js';
import { listFile } from '#core/operations/inspectFile.js';
import { modelProblem, selectedVariable } from '#ui/model/wizard/state.js';
import { NETCDF_FIXTURES } from '#test/support/netcdf.js';
import { datasetRow, ModelDriver, wizardOf } from '#test/support/uiModel.js';

async function listing() {
  const file = await openDataFileAt(`${NETCDF_FIXTURES}cdf2_packed.nc`);
  try {
    return await listFile(file);
  } finally {
    await file.close();
  }
}

describe('the wizard on a NetCDF file', () => {
  it('selects the gridded variable, shows its dimensions, units and time range, and proposes NetCDFGrid', async () => {
    const driver = new ModelDriver();
    driver.send({ type: 'datasets', rows: [datasetRow('casa')], held: [] });
    driver.type('l/data/cdf2_packed.nc\r');
    driver.send({
      type: 'fileInspected',
      sequence: driver.last('inspectFile').sequence,
      listing: await listing(),
    });
    const wizard = wizardOf(driver);
    assert.equal(wizard.step, 'variable');
    const variable = selectedVariable(wizard);
    assert.equal(variable?.name, 'co2');
    assert.deepEqual(variable?.dimensions, ['time', 'latitude', 'longitude']);
    // The file's script: units "ppm", hours 0..12 after 2015-06-01T00:00:00Z.
    assert.equal(variable?.detail, 'ppm, 2015-06-01T00:00:00 .. 2015-06-01T12:00:00');

    driver.type('\r');
    const atModel = wizardOf(driver);
    assert.equal(atModel.step, 'model');
    assert.equal(MODELS[atModel.model]?.name, 'NetCDFGrid');
    const misfits = MODELS.filter((model) => modelProblem(model, variable) !== null).map(
      (model) => model.name,
    );
    assert.deepEqual(misfits, [
      'SpatioTemporalMatrix',
      'KrigedXCO2Matrix',
      'XCO2Matrix',
      'CovarianceMatrix',
    ]);
  });
});
