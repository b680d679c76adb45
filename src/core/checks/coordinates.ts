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
    coordinates.forEach(([x, y], row) => {
      if (Math.abs(y) > 90) outside.push(row);
      if (Math.abs(x) > 90) xFits = false;
    });
    if (outside.length > 0) {
      const where = `${plural(outside.length, 'row')} (${describeRows(outside)})`;
      return xFits
        ? `x and y look swapped: the latitude (y) is outside -90..90 at ${where} while every x fits -90..90; check the config's "columns"`
        : `the latitude (y) is outside -90..90 at ${where}, and the grid's units are degrees`;
    }
  }
  const first = new Map<string, number>();
  const duplicates: Array<[number, number]> = [];
  coordinates.forEach(([x, y], row) => {
    const key = `${x} ${y}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, row);
    else duplicates.push([earlier, row]);
  });
  const [pair] = duplicates;
  if (!pair) return null;
  const [x, y] = coordinates[pair[0]] as [number, number];
  const more = duplicates.length > 1 ? ` (${duplicates.length} duplicate rows in all)` : '';
  return `two rows hold the same cell: rows ${pair[0] + 1} and ${pair[1] + 1} are both x=${x}, y=${y}${more}; the Explorer's coord_index would hold it twice`;
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
  const off = new Uint8Array(coordinates.length);
  for (const axis of [0, 1] as const) {
    const spacing = Number(grid[axis === 0 ? 'x' : 'y']);
    if (!(spacing > 0) || coordinates.length === 0) continue;
    const slots = Math.max(1, Math.round(spacing / TOLERANCE));
    const slot = (value: number) => {
      const phase = value - spacing * Math.floor(value / spacing);
      return Math.round(phase / TOLERANCE) % slots;
    };
    // Boyer-Moore majority vote on the offset.
    let candidate = 0;
    let votes = 0;
    for (const point of coordinates) {
      const key = slot(point[axis]);
      if (votes === 0) candidate = key;
      votes += key === candidate ? 1 : -1;
    }
    coordinates.forEach((point, row) => {
      const distance = Math.abs(slot(point[axis]) - candidate);
      if (Math.min(distance, slots - distance) > 1) off[row] = 1;
    });
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
