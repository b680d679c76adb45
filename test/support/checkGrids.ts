/**
 * Generated grids for the data checks' tests (docs/loading.md, "Data checks"): 60 x 30 cells
 * on the 1-degree lattice (x = -179.5 + i, y = -29.5 + j, row = 30 i + j from 0), four steps
 * 3 hours apart from 2004-01-01T00:00:00, values sin(i / 7) + cos(j / 5) + step / 10: smooth,
 * no value repeated more than a few times. A test spoils a copy and writes it as a MAT file.
 */
import fs from 'node:fs/promises';
import { writeMat5 } from './matWriter.js';

export const COLUMNS = 60;
export const ROWS = 30;
export const CELLS = COLUMNS * ROWS;
export const STEPS = 4;
export const TIMES = [
  '2004-01-01T00:00:00',
  '2004-01-01T03:00:00',
  '2004-01-01T06:00:00',
  '2004-01-01T09:00:00',
];

export interface Grid {
  x: number[];
  y: number[];
  steps: number[][];
}

export function cleanGrid(): Grid {
  const grid: Grid = { x: [], y: [], steps: Array.from({ length: STEPS }, () => []) };
  for (let i = 0; i < COLUMNS; i++)
    for (let j = 0; j < ROWS; j++) {
      grid.x.push(-179.5 + i);
      grid.y.push(-29.5 + j);
      for (let k = 0; k < STEPS; k++)
        (grid.steps[k] as number[]).push(Math.sin(i / 7) + Math.cos(j / 5) + k / 10);
    }
  return grid;
}

/** A clean grid whose last step is all zeros: one `constant-step` warning. */
export function zeroStepGrid(): Grid {
  const grid = cleanGrid();
  grid.steps[STEPS - 1] = new Array<number>(CELLS).fill(0);
  return grid;
}

/**
 * A clean grid with -9999 at rows 1..200 (from 1) of the second and third steps (03:00 and
 * 06:00): 200 of 1800 values (11%), one `fill-value` warning.
 */
export function fillBlockGrid(): Grid {
  const grid = cleanGrid();
  for (const k of [1, 2])
    for (let row = 0; row < 200; row++) (grid.steps[k] as number[])[row] = -9999;
  return grid;
}

/**
 * The grid as a SpatioTemporalMatrix file at `file` (x, y, then a column per step,
 * column-major; `swap`: y first); returns `file`.
 */
export async function writeGridFile(file: string, grid: Grid, swap = false): Promise<string> {
  const columns = swap ? [grid.y, grid.x, ...grid.steps] : [grid.x, grid.y, ...grid.steps];
  await fs.writeFile(
    file,
    writeMat5([
      {
        kind: 'numeric',
        name: 'm',
        class: 'double',
        dims: [CELLS, columns.length],
        values: columns.flat(),
      },
    ]),
  );
  return file;
}
