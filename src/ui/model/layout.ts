import stringWidth from 'string-width';
import type { Size } from './types.js';

/** The smallest terminal every screen is laid out for; below it the UI says so. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 20;

export function tooSmall(size: Size): string | null {
  return size.columns < MIN_COLUMNS || size.rows < MIN_ROWS
    ? `terminal too small: ${size.columns}x${size.rows}, needs ${MIN_COLUMNS}x${MIN_ROWS}`
    : null;
}

/** Rows for the screen in front: all but the status bar, the message line and the key line. */
export function bodyHeight(size: Size): number {
  return Math.max(1, size.rows - 3);
}

/** The dataset list's columns at this width: the name first, then what still fits. */
export interface BrowseColumns {
  nameWidth: number;
  showKind: boolean;
  showDates: boolean;
  listWidth: number;
  paneWidth: number;
}

const MARKER = 2; // the selection marker and the interrupted flag
const RECORDS = 8; // a space and up to 7 digits
const KIND = 7; // a space and "vector"
const DATES = 24; // a space and "2004-06-30 00:00..21:00" or a day range
const MIN_PANE = 34;
const MAX_NAME = 40;
const MIN_NAME = 16;
const GAP = 1;

export function browseColumns(size: Size, names: readonly string[]): BrowseColumns {
  // One more than the longest name: the name column ends with the interrupted flag.
  const longest = Math.max(7, ...names.map((name) => stringWidth(name))) + 1;
  const room = size.columns - GAP - MIN_PANE - MARKER - RECORDS;
  const nameWidth = Math.max(MIN_NAME, Math.min(longest, MAX_NAME, room));
  let listWidth = MARKER + nameWidth + RECORDS;
  const showKind = size.columns - GAP - listWidth - KIND >= MIN_PANE;
  if (showKind) listWidth += KIND;
  const showDates = size.columns - GAP - listWidth - DATES >= MIN_PANE + 6;
  if (showDates) listWidth += DATES;
  return {
    nameWidth,
    showKind,
    showDates,
    listWidth,
    paneWidth: Math.max(10, size.columns - GAP - listWidth),
  };
}
