import { compareNames } from '#core/operations/listDatasets.js';
import type { DatasetRow } from '#core/operations/overview.js';
import type { Key } from '../terminal/keys.js';
import type { Bindings } from './bindings.js';
import { bodyHeight } from './layout.js';
import {
  HELP_BINDING,
  LIST_BINDINGS,
  LOG_BINDING,
  QUIT_BINDING,
  type AppAction,
} from './commonBindings.js';
import { loadRows } from './loadLines.js';
import { loadBlocks } from './loads.js';
import { moveSelection, type ListMove } from './listCursor.js';
import { metadataLines } from './metadataLines.js';
import { editText, textField, type TextField } from './textField.js';
import type { AppState, Effect, Message, Step } from './types.js';
import { step } from './types.js';

/** The dataset list with the selection's metadata beside it. */
export interface BrowseState {
  /** The selected dataset, by name, so that a refresh keeps it. */
  selected: string | null;
  filter: string;
  /** The filter being typed (after /), or null. */
  filtering: TextField | null;
  /** The list, or the metadata pane (Enter), has the keys. */
  focus: 'list' | 'details';
  /** The selected line of the metadata pane, when it has the focus. */
  detailLine: number;
  /** The order of the list (s cycles it). */
  sort: SortOrder;
  /**
   * Rows the automatic refresh found new or changed (another process wrote them), marked in
   * the list until the selection moves onto or off the row, or the list is read again whole.
   */
  marks: Record<string, 'new' | 'changed'>;
  /** The automatic refresh in flight (its request number), or null. */
  polling: number | null;
}

/** The list's orders: by name (A to Z), by records (most first), by dates (newest first). */
export type SortOrder = 'name' | 'records' | 'dates';
export const SORT_ORDERS: readonly SortOrder[] = ['name', 'records', 'dates'];

export const initialBrowse: BrowseState = {
  selected: null,
  filter: '',
  filtering: null,
  focus: 'list',
  detailLine: 0,
  sort: 'name',
  marks: {},
  polling: null,
};

export type BrowseAction =
  | ListMove
  | 'details'
  | 'filter'
  | 'load'
  | 'preview'
  | 'rename'
  | 'remove'
  | 'export'
  | 'verify'
  | 'audit'
  | 'refresh'
  | 'clearFilter'
  | 'sort'
  | 'document';

const disconnected = (app: AppState) =>
  app.connection.state === 'disconnected' ? 'the server is not reachable (retrying)' : null;
const needsSelection = (app: AppState) =>
  disconnected(app) ?? (selectedRow(app) ? null : 'no dataset is selected');
/** A dataset being loaded is neither read nor changed by anything else until the load ends. */
const notBeingLoaded = (app: AppState) => loadBlocks(app, selectedRow(app)?.name);

export const BROWSE_BINDINGS: Bindings<BrowseAction | AppAction, AppState> = [
  ...LIST_BINDINGS,
  {
    action: 'details',
    keys: ['enter', 'tab'],
    label: 'Enter',
    description: 'read the metadata (Esc back)',
    disabled: (app) => (selectedRow(app) ? null : 'no dataset is selected'),
  },
  {
    action: 'load',
    keys: ['l'],
    label: 'l',
    description: 'load a file (guided); on a dataset being loaded, its load',
    hint: 'load',
    disabled: disconnected,
  },
  {
    action: 'preview',
    keys: ['p'],
    label: 'p',
    description: 'preview a time step as a map',
    hint: 'preview',
    disabled: (app) => needsSelection(app) ?? notBeingLoaded(app),
  },
  {
    action: 'rename',
    keys: ['r'],
    label: 'r',
    description: 'rename the dataset',
    hint: 'rename',
    disabled: (app) => needsSelection(app) ?? notBeingLoaded(app),
  },
  {
    action: 'remove',
    keys: ['d'],
    label: 'd',
    description: 'remove the dataset',
    hint: 'remove',
    dangerous: true,
    disabled: (app) => needsSelection(app) ?? notBeingLoaded(app),
  },
  {
    action: 'audit',
    keys: ['a'],
    label: 'a',
    description: 'audit (and repair) the database',
    hint: 'audit',
    disabled: disconnected,
  },
  // Before the filter: at 80 columns the key line has room for one of them, and the list
  // refreshes itself, but R is how an operator makes sure (docs/ui.md).
  {
    action: 'refresh',
    keys: ['R', 'ctrl+l'],
    label: 'R',
    description: 'read the list again now (it refreshes itself; marks: + new, * changed)',
    hint: 'refresh',
  },
  {
    action: 'filter',
    keys: ['/'],
    label: '/',
    description: 'filter the list by name',
    hint: 'filter',
  },
  {
    action: 'clearFilter',
    keys: ['escape'],
    label: 'Esc',
    description: 'clear the filter',
    disabled: (app) => (app.browse.filter ? null : 'no filter is set'),
  },
  {
    action: 'sort',
    keys: ['s'],
    label: 's',
    description: 'sort by name, then records (most first), then dates (newest first), in turn',
    hint: 'sort',
  },
  {
    action: 'document',
    keys: ['m'],
    label: 'm',
    description: 'the whole metadata document of the dataset, to scroll through (Esc back)',
    hint: 'metadata',
    disabled: (app) => (selectedRow(app) ? null : 'no dataset is selected'),
  },
  // After the others: at 80 columns the key line has no room left for them; help lists them.
  {
    action: 'export',
    keys: ['x'],
    label: 'x',
    description: "export the dataset as its model's files (.mat or .h5, with its config)",
    hint: 'export',
    disabled: (app) => needsSelection(app) ?? notBeingLoaded(app),
  },
  {
    action: 'verify',
    keys: ['v'],
    label: 'v',
    description: 'verify the dataset against a file (what a load of it would store)',
    hint: 'verify',
    disabled: (app) => needsSelection(app) ?? notBeingLoaded(app),
  },
  LOG_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

export type DetailsAction = ListMove | 'back';

export const DETAILS_BINDINGS: Bindings<DetailsAction | AppAction, AppState> = [
  ...LIST_BINDINGS.map((binding) => ({ ...binding, description: `${binding.description} line` })),
  {
    action: 'back',
    keys: ['escape', 'enter', 'tab'],
    label: 'Esc',
    description: 'back to the list',
    hint: 'back',
  },
  LOG_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

export type FilterAction = 'keep' | 'clear';

export const FILTER_BINDINGS: Bindings<FilterAction, AppState> = [
  {
    action: 'keep',
    keys: ['enter', 'tab'],
    label: 'Enter',
    description: 'keep the filter',
    hint: 'keep',
  },
  {
    action: 'clear',
    keys: ['escape'],
    label: 'Esc',
    description: 'clear the filter',
    hint: 'clear',
    pinned: true,
  },
];

/** The rows the list shows: every dataset whose name contains the filter (any case), in order. */
export function visibleRows(app: AppState): DatasetRow[] {
  const filter = (app.browse.filtering?.value ?? app.browse.filter).toLowerCase();
  const rows = loadRows(app, app.datasets ?? []);
  const shown = filter ? rows.filter((row) => row.name.toLowerCase().includes(filter)) : rows;
  return sortRows(shown, app.browse.sort);
}

/**
 * The rows in an order: by name (as listed); by records, most first; by dates, the newest
 * last date first. Ties, and rows without records or dates (last), go by
 * name.
 */
export function sortRows(rows: readonly DatasetRow[], order: SortOrder): DatasetRow[] {
  const byName = (a: DatasetRow, b: DatasetRow) => compareNames(a.name, b.name);
  // By name is the order the list comes in (listDatasets sorts it).
  if (order === 'name') return [...rows];
  const key = (row: DatasetRow) => (order === 'records' ? (row.records ?? null) : row.lastDate);
  return [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === y) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? 1 : -1;
  });
}

/** How the list's header names the order. */
export const SORT_NAMES: Record<SortOrder, string> = {
  name: 'name',
  records: 'records, most first',
  dates: 'dates, newest first',
};

/** s: the next order; the selection stays on its dataset, wherever it now is. */
export function cycleSort(app: AppState): Step {
  const sort = SORT_ORDERS[(SORT_ORDERS.indexOf(app.browse.sort) + 1) % SORT_ORDERS.length];
  const next = { ...app, browse: { ...app.browse, sort: sort ?? 'name' } };
  return step({
    ...next,
    message: { text: `Sorted by ${SORT_NAMES[next.browse.sort]}.`, tone: 'muted' },
  });
}

export function selectedIndex(app: AppState): number {
  const rows = visibleRows(app);
  return Math.max(
    0,
    rows.findIndex((row) => row.name === app.browse.selected),
  );
}

export function selectedRow(app: AppState): DatasetRow | null {
  return visibleRows(app)[selectedIndex(app)] ?? null;
}

/** Selects a dataset (null: the first) and asks for its metadata unless it is known. */
export function select(app: AppState, name: string | null): Step {
  const rows = visibleRows(app);
  const chosen = rows.find((row) => row.name === name)?.name ?? rows[0]?.name ?? null;
  const next = { ...app, browse: { ...app.browse, selected: chosen, detailLine: 0 } };
  return step(next, ...metadataEffects(next, chosen));
}

export function metadataEffects(app: AppState, name: string | null): Effect[] {
  if (name === null || app.connection.state === 'disconnected') return [];
  const known = app.metadata[name];
  return known && known.status !== 'failed' ? [] : [{ type: 'readMetadata', name }];
}

export function withMetadataLoading(app: AppState, effects: Effect[]): AppState {
  const loading = effects.filter((effect) => effect.type === 'readMetadata');
  if (loading.length === 0) return app;
  const metadata = { ...app.metadata };
  for (const effect of loading) metadata[effect.name] = { status: 'loading' };
  return { ...app, metadata };
}

/** The list page: the rows the list shows at once. */
export function listPage(app: AppState): number {
  return Math.max(1, bodyHeight(app.size) - 3);
}

export function moveInList(app: AppState, move: ListMove): Step {
  const rows = visibleRows(app);
  if (rows.length === 0) return step(app);
  const index = moveSelection(selectedIndex(app), rows.length, move, listPage(app));
  const to = rows[index]?.name ?? null;
  // The operator has seen a marked row once the selection has been on it.
  const marks = { ...app.browse.marks };
  for (const name of [app.browse.selected, to]) if (name !== null) delete marks[name];
  return select({ ...app, browse: { ...app.browse, marks } }, to);
}

export function moveInDetails(app: AppState, move: ListMove): Step {
  const name = app.browse.selected;
  const entry = name ? app.metadata[name] : undefined;
  const count = entry?.status === 'loaded' && entry.value ? metadataLines(entry.value).length : 0;
  const detailLine = moveSelection(app.browse.detailLine, count, move, listPage(app));
  return step({ ...app, browse: { ...app.browse, detailLine } });
}

/** Typing in the filter: the list narrows as it is typed; the selection stays if it can. */
export function editFilter(app: AppState, key: Key): Step | null {
  const field = app.browse.filtering;
  if (!field) return null;
  const edited = editText(field, key);
  if (!edited) return null;
  const next = { ...app, browse: { ...app.browse, filtering: edited } };
  const still = visibleRows(next).some((row) => row.name === app.browse.selected);
  return still ? step(next) : select(next, null);
}

export function startFilter(app: AppState): Step {
  return step({ ...app, browse: { ...app.browse, filtering: textField(app.browse.filter) } });
}

export function endFilter(app: AppState, keep: boolean): Step {
  const filter = keep ? (app.browse.filtering?.value ?? '') : '';
  const next = { ...app, browse: { ...app.browse, filter, filtering: null } };
  return select(next, app.browse.selected);
}

/**
 * Back to the list, e.g. when a screen closes. `changed`: the data changed, so the list is
 * read again, and `select` is chosen once it is there (a new dataset is not in it yet).
 */
export function toBrowse(
  app: AppState,
  options: { select?: string | null; message?: Message; changed?: boolean } = {},
): Step {
  const selected = options.select !== undefined ? options.select : app.browse.selected;
  const next: AppState = {
    ...app,
    screen: { kind: 'browse' },
    browse: { ...app.browse, selected, focus: 'list' },
    ...(options.message ? { message: options.message } : {}),
  };
  return options.changed ? step(next, { type: 'listDatasets' }) : select(next, selected);
}
