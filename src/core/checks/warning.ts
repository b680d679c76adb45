/**
 * The checks a load runs on its data (docs/loading.md, "Data checks"). `grid-cells` is what a
 * load refuses (a latitude outside -90..90, a cell twice), found in data already stored.
 */
export type CheckId =
  'fill-value' | 'off-grid' | 'empty-step' | 'constant-step' | 'negative-error' | 'grid-cells';

/**
 * What a check found that makes the data doubtful, though loadable: its id and a one-line
 * message naming what and where (the value, the times, the rows), and those as fields.
 */
export interface DataWarning {
  check: CheckId;
  message: string;
  parameter?: string;
  value?: number;
  /** How many cells, values or steps. */
  count?: number;
  /** The times (YYYY-MM-DDTHH:MM:SS) it concerns, the first ones. */
  times?: string[];
  /** The matrix rows (from 1) it concerns, the first ones. */
  rows?: number[];
}

const FIRST = 5;

/** "rows 3, 7 and 12" (from 1), the first five and how many more, of 0-based row indexes. */
export function describeRows(rows: readonly number[]): string {
  return listFirst(
    rows.map((row) => String(row + 1)),
    rows.length,
    rows.length === 1 ? 'row' : 'rows',
  );
}

/** "2004-01-01T00:00:00, 2004-01-01T03:00:00 and 3 more". */
export function describeTimes(times: readonly string[], count = times.length): string {
  return listFirst(times, count, '');
}

function listFirst(items: readonly string[], count: number, noun: string): string {
  const shown = items.slice(0, FIRST);
  const more = count - shown.length;
  const head = noun ? `${noun} ` : '';
  if (more > 0) return `${head}${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return `${head}${shown.join('')}`;
  return `${head}${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

export const FIRST_SHOWN = FIRST;
