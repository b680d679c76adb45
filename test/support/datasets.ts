import fs from 'node:fs/promises';
import assert from 'node:assert/strict';
import { gridLoad, runFluxManage } from './cli.js';
import { writeMat5 } from './matWriter.js';
import type { TestDatabase } from './server.js';

/**
 * A small SpatioTemporalMatrix dataset loaded through the real CLI: 3 cells, `steps` time
 * steps 3 hours apart from 2004-06-30T00:00:00, step k holding 10k + cell.
 */
export async function loadSmallDataset(
  server: TestDatabase,
  dir: string,
  name: string,
  steps = 4,
): Promise<void> {
  const values = [10.5, 11.5, 12.5, 40.5, 41.5, 42.5];
  for (let k = 0; k < steps; k++) values.push(10 * k, 10 * k + 1, 10 * k + 2);
  const file = `${dir}/${name}-source.mat`;
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 2 + steps], values }]),
  );
  const result = await runFluxManage(
    gridLoad(file, name, [], 'timestamp=2004-06-30T00:00:00;title=Small'),
    { env: server.env },
  );
  assert.equal(result.code, 0, result.stderr);
}

/** A small unstructured (XCO2-style) dataset: 4 observations on 2 days. */
export async function loadSmallObservations(
  server: TestDatabase,
  dir: string,
  name: string,
): Promise<void> {
  // Columns x, y, value, day of year, year, error.
  const rows = [
    [-100.5, 40.25, 386.1, 166, 2009, 0.5],
    [-101.5, 41.25, 387.2, 166, 2009, 0.6],
    [-102.5, 42.25, 388.3, 167, 2009, 0.7],
    [-103.5, 43.25, 389.4, 167, 2009, 0.8],
  ];
  const values = [0, 1, 2, 3, 4, 5].flatMap((column) => rows.map((row) => row[column] as number));
  const file = `${dir}/${name}-obs.mat`;
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'XCO2', class: 'double', dims: [4, 6], values }]),
  );
  const result = await runFluxManage(['load', '-p', file, '-m', 'XCO2Matrix', '-n', name], {
    env: server.env,
  });
  assert.equal(result.code, 0, result.stderr);
}
