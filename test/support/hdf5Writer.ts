/**
 * Writes HDF5 test files with h5wasm: plain HDF5 (datasets in groups, rows first) and MATLAB
 * v7.3 MAT-files (each variable a dataset with a MATLAB_class attribute, stored column-major
 * so HDF5 sees the dimensions reversed, behind the 512-byte block MATLAB puts first).
 */
import fs from 'node:fs/promises';
import * as h5wasm from 'h5wasm/node';
import { matHeader } from './matWriter.js';

export interface HdfDatasetSpec {
  /** Path like /group/data; groups are created as needed. */
  path: string;
  /** Row-major data for plain HDF5. */
  data: number[] | string[];
  shape: number[];
  /** h5wasm dtype, in Python struct codes: '<d' double, '<f' single, '<h' int16, '<B' uint8, ... */
  dtype?: string;
  attributes?: Record<string, string | number>;
}

async function library(): Promise<void> {
  await h5wasm.ready;
}

function ensureGroups(file: h5wasm.File, path: string): void {
  const parts = path.split('/').filter(Boolean).slice(0, -1);
  let current = '';
  for (const part of parts) {
    current += `/${part}`;
    if (!(file.get(current) instanceof h5wasm.Group)) file.create_group(current);
  }
}

export async function writeHdf5(path: string, datasets: HdfDatasetSpec[]): Promise<void> {
  await library();
  const file = new h5wasm.File(path, 'w');
  try {
    for (const spec of datasets) {
      ensureGroups(file, spec.path);
      file.create_dataset({
        name: spec.path,
        data: spec.data as number[],
        shape: spec.shape,
        ...(spec.dtype ? { dtype: spec.dtype } : {}),
      });
      for (const [key, value] of Object.entries(spec.attributes ?? {})) {
        const dataset = file.get(spec.path) as h5wasm.Dataset;
        if (typeof value === 'string')
          dataset.create_attribute(key, value, null, `S${value.length}`);
        else dataset.create_attribute(key, value);
      }
    }
  } finally {
    file.close();
  }
}

export interface Mat73Variable {
  name: string;
  matlabClass: string;
  /** MATLAB's rows x columns. */
  rows: number;
  columns: number;
  /** Column-major, as MATLAB holds it. */
  values: number[];
  dtype: string;
}

/**
 * A MATLAB v7.3 file: the HDF5 data of the variables, each stored as MATLAB does (an HDF5
 * dataset of shape [columns, rows] whose row-major order is MATLAB's column-major order),
 * behind a 128-byte MAT header padded to a 512-byte user block.
 */
export async function writeMat73(
  path: string,
  variables: Mat73Variable[],
  extra: HdfDatasetSpec[] = [],
): Promise<void> {
  const hdfPath = `${path}.hdf5-part`;
  await writeHdf5(hdfPath, [
    ...variables.map((variable) => ({
      path: `/${variable.name}`,
      data: variable.values,
      shape: [variable.columns, variable.rows],
      dtype: variable.dtype,
      attributes: { MATLAB_class: variable.matlabClass },
    })),
    ...extra,
  ]);
  const hdf = await fs.readFile(hdfPath);
  await fs.rm(hdfPath);
  const block = new Uint8Array(512);
  block.set(
    matHeader(true, 0x0200, 'MATLAB 7.3 MAT-file, Platform: flux-manage tests, HDF5 schema 1.00 .'),
  );
  await fs.writeFile(path, Buffer.concat([block, hdf]));
}
