import type { Coordinates } from '../models/inputs.js';
import { plural } from '../text/plural.js';
import { describeRows, FIRST_SHOWN, type DataWarning } from './warning.js';

/**
 * Why a grid's cells cannot be stored (a `data` refusal), or null: a latitude outside
 * -90..90 when the grid is in degrees (saying that x and y look swapped when every x fits
 * -90..90 and y does not), or two rows with the same cell (coord_index would hold it twice).
 * Rows are the matrix's, from 1.
 */
export function gridRefusal(coordinates: Coordinates, units: unknown): string | null {
  if (units === 'degrees') {
    const outside: number[] = [];
    let xFits = true;
    for (let row = 0; row < coordinates.length; row++) {
      const point = coordinates[row] as [number, number];
      if (Math.abs(point[1]) > 90) outside.push(row);
      if (Math.abs(point[0]) > 90) xFits = false;
    }
    if (outside.length > 0) {
      const where = `${plural(outside.length, 'row')} (${describeRows(outside)})`;
      return xFits
        ? `x and y look swapped: the latitude (y) is outside -90..90 at ${where} while every x fits -90..90; check the config's "columns"`
        : `the latitude (y) is outside -90..90 at ${where}, and the grid's units are degrees`;
    }
  }
  return duplicateProblem(coordinates);
}

/** Two rows with the same cell: the first such pair (by its later row), and how many. */
function duplicateProblem(coordinates: Coordinates): string | null {
  if (inOrder(coordinates)) return null;
  // Rows sorted by cell (then row): a cell's rows are neighbours, its first row first.
  const rows = Uint32Array.from(coordinates.keys()).sort((a, b) => {
    const [ax, ay] = coordinates[a] as [number, number];
    const [bx, by] = coordinates[b] as [number, number];
    return ax - bx || ay - by || a - b;
  });
  let pair: [number, number] | null = null;
  let duplicates = 0;
  let first = rows[0] as number;
  for (let k = 1; k < rows.length; k++) {
    const row = rows[k] as number;
    const [x, y] = coordinates[row] as [number, number];
    const [fx, fy] = coordinates[first] as [number, number];
    if (x !== fx || y !== fy) {
      first = row;
      continue;
    }
    duplicates++;
    if (!pair || row < pair[1]) pair = [first, row];
  }
  if (!pair) return null;
  const [x, y] = coordinates[pair[0]] as [number, number];
  const more = duplicates > 1 ? ` (${duplicates} duplicate rows in all)` : '';
  return `two rows hold the same cell: rows ${pair[0] + 1} and ${pair[1] + 1} are both x=${x}, y=${y}${more}; the Explorer's coord_index would hold it twice`;
}

/**
 * Whether the cells are in a strict order, x then y or y then x, either way up (as grids are
 * written): then no cell can come twice, and nothing need be sorted.
 */
function inOrder(coordinates: Coordinates): boolean {
  let xy = 0;
  let yx = 0;
  let xyOk = true;
  let yxOk = true;
  for (let k = 1; k < coordinates.length && (xyOk || yxOk); k++) {
    const before = coordinates[k - 1] as [number, number];
    const point = coordinates[k] as [number, number];
    const dx = point[0] - before[0];
    const dy = point[1] - before[1];
    const byXY = Math.sign(dx || dy);
    const byYX = Math.sign(dy || dx);
    if (byXY === 0 || (xy !== 0 && byXY !== xy)) xyOk = false;
    if (byYX === 0 || (yx !== 0 && byYX !== yx)) yxOk = false;
    xy = byXY;
    yx = byYX;
  }
  return xyOk || yxOk;
}

/** Coordinates are written with 5 decimals (%.5f): a cell this close to the lattice is on it. */
const TOLERANCE = 1e-4;

/**
 * `off-grid`: cells whose x or y is not on the lattice that the grid's spacing (`gridres`)
 * and most cells define: the offset from a multiple of the spacing that most cells share
 * (a majority vote, one pass over the coordinates, which are in memory already).
 */
export function offGridWarning(
  coordinates: Coordinates,
  grid: Record<string, unknown>,
): DataWarning | null {
  const count = coordinates.length;
  const off = new Uint8Array(count);
  const slots = new Int32Array(count);
  for (const axis of [0, 1] as const) {
    const spacing = Number(grid[axis === 0 ? 'x' : 'y']);
    if (!(spacing > 0) || count === 0) continue;
    const ring = Math.max(1, Math.round(spacing / TOLERANCE));
    // Boyer-Moore majority vote on the offset from a multiple of the spacing.
    let candidate = 0;
    let votes = 0;
    for (let row = 0; row < count; row++) {
      const value = (coordinates[row] as [number, number])[axis];
      const slot = Math.round((value - spacing * Math.floor(value / spacing)) / TOLERANCE) % ring;
      slots[row] = slot;
      if (votes === 0) candidate = slot;
      votes += slot === candidate ? 1 : -1;
    }
    for (let row = 0; row < count; row++) {
      const distance = Math.abs((slots[row] as number) - candidate);
      if (Math.min(distance, ring - distance) > 1) off[row] = 1;
    }
  }
  const rows: number[] = [];
  off.forEach((flag, row) => {
    if (flag) rows.push(row);
  });
  if (rows.length === 0) return null;
  return {
    check: 'off-grid',
    message: `${plural(rows.length, 'cell')} of ${coordinates.length} ${rows.length === 1 ? 'is' : 'are'} off the grid (spacing x ${String(grid.x)}, y ${String(grid.y)}, and where most cells lie): ${describeRows(rows)}`,
    count: rows.length,
    rows: rows.slice(0, FIRST_SHOWN).map((row) => row + 1),
  };
}
