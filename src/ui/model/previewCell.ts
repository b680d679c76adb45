import type { CellSeries, SeriesProgress } from '#core/operations/preview.js';
import { FluxError } from '#core/errors.js';
import { describeForUi } from '../errors.js';
import { neighbourCell, startCell, type CellDirection } from '../preview/cell.js';
import type { Binding, Bindings } from './bindings.js';
import type { PreviewState } from './preview.js';
import type { AppState, Msg, Step } from './types.js';
import { step } from './types.js';

/** The preview's cell cursor (`c`): one cell of the grid, and its series through time. */
export interface CellCursor {
  /** The cell: its index among the frame's points (the coord_index order). */
  index: number;
  /** Its value at every time, once read (the parameter's it was read for). */
  series: CellSeries | null;
  /** The request for the series on its way, and how far it has got. */
  reading: number | null;
  progress: SeriesProgress | null;
  error: string | null;
}

/** What the series line says when its read was stopped by something else than the cursor. */
export const STOPPED = 'the series read was stopped: c twice reads it again';

export type CellAction = 'cell' | 'cellWest' | 'cellSouth' | 'cellNorth' | 'cellEast';

const DIRECTIONS: Record<Exclude<CellAction, 'cell'>, CellDirection> = {
  cellWest: 'west',
  cellSouth: 'south',
  cellNorth: 'north',
  cellEast: 'east',
};

/** The preview in front, showing `preview`. */
export const showingPreview = (
  app: AppState,
  preview: PreviewState,
  message: AppState['message'] = app.message,
): AppState => ({ ...app, message, screen: { kind: 'preview' as const, preview } });

/** Why `c` does nothing now: no frame yet, or nothing with cells. */
function noCells(app: AppState): string | null {
  const frame = app.screen.kind === 'preview' ? app.screen.preview.frame : null;
  if (!frame) return 'the first step is still being read';
  if (frame.kind === 'points') return 'observations have no grid cells to follow';
  if (frame.kind !== 'grid' || frame.points.length === 0) return 'this step has no grid cells';
  return null;
}

export const CELL_BINDING = {
  action: 'cell',
  keys: ['c'],
  label: 'c',
  description:
    'a cell cursor, from the largest value of this step: its value and series through time under the map',
  hint: 'cell',
  disabled: noCells,
} as const;

/** While the cell cursor is on: `c` hides it, h/j/k/l move it, the arrows step through time. */
const CELL_ON_BINDINGS: Bindings<CellAction, AppState> = [
  {
    action: 'cell',
    keys: ['c'],
    label: 'c',
    description: 'hide the cell cursor',
    hint: 'hide cell',
  },
  {
    action: 'cellWest',
    keys: ['h'],
    label: 'h',
    description: 'the cell cursor to the next cell west on its row',
  },
  {
    action: 'cellSouth',
    keys: ['j'],
    label: 'j',
    description: 'the cell cursor to the next cell south in its column',
  },
  {
    action: 'cellNorth',
    keys: ['k'],
    label: 'k',
    description: 'the cell cursor to the next cell north in its column',
  },
  {
    action: 'cellEast',
    keys: ['l'],
    label: 'l',
    description: 'the cell cursor to the next cell east on its row',
  },
];

/**
 * The preview's bindings with the cell cursor on: the letters h/j/k/l move the cursor, so
 * stepping through time keeps only its arrows (and Space), and `c` hides the cursor.
 */
export function withCellCursor<Action extends string>(
  bindings: Bindings<Action | CellAction, AppState>,
): Bindings<Action | CellAction, AppState> {
  const letters = new Set(['h', 'j', 'k', 'l']);
  return bindings.flatMap((binding): Array<Binding<Action | CellAction, AppState>> => {
    if (binding.action === 'cell') return [...CELL_ON_BINDINGS];
    if (!binding.keys.some((key) => letters.has(key))) return [binding];
    const keys = binding.keys.filter((key) => !letters.has(key));
    return [{ ...binding, keys, label: binding.label.split('/')[0] as string }];
  });
}

/** Asks for the series of cell `index` (a series already read comes back at once). */
function follow(app: AppState, preview: PreviewState, index: number, parameter: string | null) {
  const sequence = app.sequence + 1;
  const cell: CellCursor = { index, series: null, reading: sequence, progress: null, error: null };
  return step(
    { ...showingPreview(app, { ...preview, cell }), sequence },
    { type: 'cellSeries', name: preview.dataset, cell: index, parameter, sequence },
  );
}

export function cellAction(app: AppState, preview: PreviewState, action: CellAction): Step {
  const { frame, cell } = preview;
  if (action === 'cell') {
    if (cell) {
      const hidden = step(showingPreview(app, { ...preview, cell: null }));
      if (cell.reading === null) return hidden;
      return { ...hidden, effects: [{ type: 'stopCellSeries', name: preview.dataset }] };
    }
    const start = frame ? startCell(frame.points) : null;
    if (!frame || start === null) return step(app);
    return follow(app, preview, start, frame.parameter);
  }
  if (!frame || !cell) return step(app);
  const next = neighbourCell(frame.points, cell.index, DIRECTIONS[action], frame.cell);
  if (next === null) {
    const text = `There is no cell ${DIRECTIONS[action]} of this one: the map ends there.`;
    return step(showingPreview(app, preview, { text, tone: 'muted' }));
  }
  return follow(app, preview, next, frame.parameter);
}

/** A new parameter is shown: the cell cursor follows its series of that parameter. */
export function cellForParameter(result: Step, parameter: string | null): Step {
  const { state } = result;
  if (state.screen.kind !== 'preview' || !state.screen.preview.cell) return result;
  const preview = state.screen.preview;
  const followed = follow(state, preview, preview.cell?.index ?? 0, parameter);
  return { state: followed.state, effects: [...result.effects, ...followed.effects] };
}

/** Answers for the cell cursor: its series, how far it has got, or why it failed. */
export function cellMessage(app: AppState, preview: PreviewState, msg: Msg): Step | null {
  const cell = preview.cell;
  if (!cell || cell.reading === null || !('sequence' in msg) || msg.sequence !== cell.reading)
    return null;
  const update = (changes: Partial<CellCursor>) =>
    step(showingPreview(app, { ...preview, cell: { ...cell, ...changes } }));
  if (msg.type === 'cellSeriesProgress') return update({ progress: msg.progress });
  if (msg.type === 'cellSeries')
    return update({ series: msg.series, reading: null, progress: null });
  if (msg.type === 'failed' && msg.effect === 'cellSeries') {
    // Not by a move of the cursor (its answers are to older requests): the session went.
    if (msg.error instanceof FluxError && msg.error.kind === 'cancelled')
      return update({ reading: null, progress: null, error: STOPPED });
    return update({ reading: null, progress: null, error: describeForUi(msg.error).text });
  }
  return null;
}
