/**
 * Moving a selection through a list, and which part of the list a window of `height` rows
 * shows. One set of rules for every list on every screen: the selection is always visible,
 * and the rows that do not fit are counted ("12 more").
 */
export type ListMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last';

/** The keys every list understands, as key ids. */
export const LIST_KEYS: Record<ListMove, readonly string[]> = {
  up: ['up', 'k'],
  down: ['down', 'j'],
  pageUp: ['pageup'],
  pageDown: ['pagedown', 'space'],
  first: ['home', 'g'],
  last: ['end', 'G'],
};

/** Whether a screen's action is one of the moves every list shares. */
export function isListMove(action: string): action is ListMove {
  return Object.hasOwn(LIST_KEYS, action);
}

/** The selection after a move in a list of `count` rows shown `page` rows at a time. */
export function moveSelection(
  selected: number,
  count: number,
  move: ListMove,
  page: number,
): number {
  if (count <= 0) return 0;
  const step = Math.max(1, page - 1);
  const target = {
    up: selected - 1,
    down: selected + 1,
    pageUp: selected - step,
    pageDown: selected + step,
    first: 0,
    last: count - 1,
  }[move];
  return Math.max(0, Math.min(count - 1, target));
}

export interface ListWindow {
  /** The first row shown. */
  top: number;
  /** How many rows are shown. */
  shown: number;
  /** Rows above and below the window. */
  above: number;
  below: number;
}

/**
 * The window over `count` rows that shows `selected`, moving as little as possible from the
 * window that began at `previousTop` (so one key moves the selection, not the whole list).
 * When rows are cut, one row at each cut end says how many more there are, so the rows left
 * for items are fewer; `height` counts those lines too.
 */
export function listWindow(
  count: number,
  selected: number,
  height: number,
  previousTop = 0,
): ListWindow {
  const rows = Math.max(1, height);
  if (count <= rows) return { top: 0, shown: count, above: 0, below: 0 };
  const pick = Math.max(0, Math.min(count - 1, selected));
  let top = Math.max(0, Math.min(previousTop, count - 1));
  // The rows for items, given whether each "more" line is needed.
  const fit = (start: number) => {
    const room = Math.max(1, rows - (start > 0 ? 1 : 0));
    // The rest fits: no "more" line below is needed.
    if (start + room >= count) return count - start;
    return Math.max(1, room - 1);
  };
  if (pick < top) top = pick;
  while (pick >= top + fit(top)) top++;
  // Fill the window: no empty rows at the end while rows above are hidden.
  while (top > 0 && top - 1 + fit(top - 1) >= count && pick < top - 1 + fit(top - 1)) top--;
  const shown = fit(top);
  return { top, shown, above: top, below: count - top - shown };
}
