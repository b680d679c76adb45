import stringWidth from 'string-width';
import { significant } from './mapLines.js';
import type { Point } from './raster.js';

/** Where `h`, `j`, `k` and `l` move the preview's cell cursor. */
export type CellDirection = 'west' | 'south' | 'north' | 'east';

/**
 * Where the cell cursor starts: the cell with the largest absolute value of the step shown
 * (the first of equals, in coord_index order); the first cell when the step has no value;
 * null without cells.
 */
export function startCell(points: readonly Point[]): number | null {
  if (points.length === 0) return null;
  let best = 0;
  let largest = -1;
  points.forEach((point, index) => {
    if (typeof point.value !== 'number' || !Number.isFinite(point.value)) return;
    const size = Math.abs(point.value);
    if (size > largest) [best, largest] = [index, size];
  });
  return best;
}

/**
 * The cell next to cell `from` in a direction: on its row (west, east) or its column (north,
 * south), the nearest cell beyond it, so that a grid of land cells only steps over the sea.
 * Rows and columns are told apart within half a cell (`cell`, the grid's cell size). Null when
 * there is no cell that way (the grid does not wrap around the globe).
 */
export function neighbourCell(
  points: readonly Point[],
  from: number,
  direction: CellDirection,
  cell: { x: number; y: number } | null,
): number | null {
  const start = points[from];
  if (!start) return null;
  const across = direction === 'west' || direction === 'east' ? 'y' : 'x';
  const along = across === 'y' ? 'x' : 'y';
  const sign = direction === 'east' || direction === 'north' ? 1 : -1;
  const tolerance = cell ? Math.abs(cell[across]) / 2 : 1e-9;
  let best: number | null = null;
  let nearest = Infinity;
  points.forEach((point, index) => {
    if (Math.abs(point[across] - start[across]) >= tolerance) return;
    const distance = (point[along] - start[along]) * sign;
    if (distance > 1e-12 && distance < nearest) [best, nearest] = [index, distance];
  });
  return best;
}

/** The sparkline's eight levels, lowest first. */
export const SPARKS = '▁▂▃▄▅▆▇█';

export interface Sparkline {
  /** One character per column: a level, or a space where no step of the column has a value. */
  text: string;
  /** The column holding the current step, or null. */
  at: number | null;
  /** The series' smallest and largest values (null: no value at all). */
  min: number | null;
  max: number | null;
}

/**
 * A series as a sparkline at most `width` characters wide: one column a step when they fit,
 * else column c holds steps ⌊c·n/w⌋ to ⌊(c+1)·n/w⌋ - 1 and shows their mean. A value's level
 * is ⌊8·(v - min)/(max - min)⌋ (the largest at the top level), over the series' own min and
 * max; a constant series is drawn at the fourth level. Nulls are gaps.
 */
export function sparkline(
  values: ReadonlyArray<number | null>,
  width: number,
  current: number,
): Sparkline {
  const numbers = values.filter((value): value is number => typeof value === 'number');
  const min = numbers.length ? Math.min(...numbers) : null;
  const max = numbers.length ? Math.max(...numbers) : null;
  const count = values.length;
  const columns = Math.max(0, Math.min(count, Math.floor(width)));
  let text = '';
  let at: number | null = null;
  for (let column = 0; column < columns; column++) {
    const from = Math.floor((column * count) / columns);
    const to = Math.floor(((column + 1) * count) / columns);
    if (current >= from && current < to) at = column;
    const shown = values.slice(from, to).filter((value): value is number => value !== null);
    if (shown.length === 0 || min === null || max === null) {
      text += ' ';
      continue;
    }
    const mean = shown.reduce((sum, value) => sum + value, 0) / shown.length;
    const level = max === min ? 3 : Math.min(7, Math.floor((8 * (mean - min)) / (max - min)));
    text += SPARKS[Math.max(0, level)];
  }
  return { text, at, min, max };
}

/** What the preview shows of its cell cursor, under the map: two lines. */
export interface CellLines {
  /** Where the cell is and its value at the step shown. */
  cell: string;
  /**
   * Its series: the sparkline, cut at the current step (`mark`, drawn in inverse video), with
   * the min before it and the max after; or a line saying how far the read has got.
   */
  series: { before: string; mark: string; after: string } | string;
}

/**
 * The cell cursor's lines in `width` columns: "x -105.5  y 40.5  value 2.345 µmol/m² at step
 * 5 of 96", then "min -1.2 ▁▂▃▅▇█ max 3.4" (or "series 40/96...", or what went wrong).
 */
export function cellLines(
  point: Point,
  step: { index: number; count: number },
  units: string | null,
  series: { values: ReadonlyArray<number | null> } | { progress: string },
  width: number,
): CellLines {
  const value = point.value === null ? 'no value' : `value ${significant(point.value)}`;
  const withUnits = point.value !== null && units ? `${value} ${units}` : value;
  const where = `x ${point.x}  y ${point.y}  ${withUnits} at step ${step.index + 1} of ${step.count}`;
  const cell = fit(`${where}  (h/j/k/l move, c hides)`, where, width);
  if ('progress' in series) return { cell, series: series.progress };
  const probe = sparkline(series.values, 0, step.index);
  if (probe.min === null || probe.max === null)
    return { cell, series: 'no value at this cell in any step' };
  const low = `min ${significant(probe.min)} `;
  const high = ` max ${significant(probe.max)}`;
  const room = width - stringWidth(low) - stringWidth(high);
  const line = sparkline(series.values, Math.max(1, room), step.index);
  const at = line.at ?? line.text.length;
  return {
    cell,
    series: {
      before: low + line.text.slice(0, at),
      mark: line.text.slice(at, at + 1),
      after: line.text.slice(at + 1) + high,
    },
  };
}

/** The longer text if it fits in `width`, else the shorter (cut by the view if it must be). */
const fit = (longer: string, shorter: string, width: number) =>
  stringWidth(longer) <= width ? longer : shorter;
