/**
 * Deterministic load-benchmark inputs: a SpatioTemporalMatrix on the 1-degree global grid
 * (x, y, then one column per time step) as a compressed MAT v5 file and as plain HDF5, and an
 * XCO2Matrix with one row (one document) per observation. Values are full-precision doubles,
 * so the loader's rounding and its exact statistics meet as many distinct values as real
 * model output gives them.
 */
import fs from 'node:fs/promises';
import * as h5wasm from 'h5wasm/node';
import { writeLargeMat5 } from './matGenerator.js';

export const GRID_CELLS = 360 * 180;
export const STEP_SECONDS = 10_800;
export const FIRST_TIME = '2004-01-01T00:00:00';

/** Cell centres of the 1-degree grid, longitude fastest. */
function gridColumn(axis: 'x' | 'y'): Float64Array {
  const out = new Float64Array(GRID_CELLS);
  for (let cell = 0; cell < GRID_CELLS; cell++) {
    out[cell] = axis === 'x' ? -179.5 + (cell % 360) : -89.5 + Math.floor(cell / 360);
  }
  return out;
}

/** A smooth flux field in space and time with some cells missing (NaN), as ocean masks give. */
export function fluxStep(step: number): Float64Array {
  const out = new Float64Array(GRID_CELLS);
  for (let cell = 0; cell < GRID_CELLS; cell++) {
    const value =
      Math.sin(cell * 0.0137 + step * 0.29) * 3.1 + Math.cos(cell * 0.00071 - step * 0.13) * 1.7;
    out[cell] = cell % 997 === 5 ? Number.NaN : value;
  }
  return out;
}

/** Column `column` of a SpatioTemporalMatrix whose first time step is step `firstStep`. */
function stmColumn(column: number, firstStep = 0): Float64Array {
  if (column === 0) return gridColumn('x');
  if (column === 1) return gridColumn('y');
  return fluxStep(firstStep + column - 2);
}

/** The time of step `step`, as the config's timestamp of a file that starts there. */
export function stepTime(step: number): string {
  return new Date(Date.parse(`${FIRST_TIME}Z`) + step * STEP_SECONDS * 1000)
    .toISOString()
    .slice(0, 19);
}

export const STM_CONFIG = {
  columns: ['x', 'y'],
  gridres: { units: 'degrees', x: 1.0, y: 1.0 },
  parameters: ['values'],
  steps: [STEP_SECONDS],
  timestamp: FIRST_TIME,
  title: 'Benchmark surface flux',
  units: { x: 'degrees', y: 'degrees', values: 'umol/m2/s' },
  var_name: 'flux',
};

/**
 * A compressed MAT v5 SpatioTemporalMatrix with `steps` time steps and its sibling config;
 * `firstStep` > 0 continues a series (the times an append of the next steps brings).
 */
export async function writeStmMat(path: string, steps: number, firstStep = 0): Promise<void> {
  await writeLargeMat5(
    path,
    {
      name: 'flux',
      rows: GRID_CELLS,
      columns: 2 + steps,
      column: (column) => stmColumn(column, firstStep),
    },
    true,
  );
  await fs.writeFile(
    path.replace(/\.mat$/, '.json'),
    JSON.stringify({ ...STM_CONFIG, timestamp: stepTime(firstStep) }),
  );
}

/**
 * The same matrix as plain HDF5 (cells x columns, rows first, as h5py writes a NumPy array).
 * h5wasm writes a dataset whole, so the generator holds it once; the loader streams it.
 */
export async function writeStmHdf5(path: string, steps: number): Promise<void> {
  await h5wasm.ready;
  const columns = 2 + steps;
  const data = new Float64Array(GRID_CELLS * columns);
  for (let column = 0; column < columns; column++) {
    const values = stmColumn(column);
    for (let cell = 0; cell < GRID_CELLS; cell++) data[cell * columns + column] = values[cell]!;
  }
  const file = new h5wasm.File(path, 'w');
  try {
    file.create_dataset({ name: 'flux', data, shape: [GRID_CELLS, columns], dtype: '<d' });
  } finally {
    file.close();
  }
  await fs.writeFile(path.replace(/\.h5$/, '.json'), JSON.stringify(STM_CONFIG));
}

/** Observation k of a satellite-like track: position, XCO2, day of year, year, error. */
function xco2Column(observations: number, column: number): Float64Array {
  const out = new Float64Array(observations);
  for (let k = 0; k < observations; k++) {
    const orbit = k / 1500;
    switch (column) {
      case 0:
        out[k] = ((k * 0.2371 + orbit * 24.7) % 360) - 180;
        break;
      case 1:
        out[k] = Math.sin(k * 0.00419) * 81.3;
        break;
      case 2:
        out[k] = 389 + Math.sin(k * 0.0031) * 4.2 + Math.cos(k * 0.017) * 0.9;
        break;
      case 3:
        out[k] = 1 + Math.floor((k * 365) / observations);
        break;
      case 4:
        out[k] = 2010;
        break;
      default:
        out[k] = 0.5 + Math.abs(Math.sin(k * 0.07)) * 1.4;
    }
  }
  return out;
}

/** An XCO2Matrix (x, y, value, day of year, year, error): one document per observation. */
export async function writeXco2Mat(path: string, observations: number): Promise<void> {
  await writeLargeMat5(
    path,
    {
      name: 'xco2',
      rows: observations,
      columns: 6,
      column: (column) => xco2Column(observations, column),
    },
    true,
  );
  await fs.writeFile(
    path.replace(/\.mat$/, '.json'),
    JSON.stringify({ var_name: 'xco2', title: 'Benchmark XCO2 retrievals' }),
  );
}
