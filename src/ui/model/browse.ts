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
}

export const initialBrowse: BrowseState = {
  selected: null,
  filter: '',
  filtering: null,
  focus: 'list',
  detailLine: 0,
};

export type BrowseAction =
  | ListMove
  | 'details'
  | 'filter'
  | 'load'
  | 'preview'
  | 'rename'
  | 'remove'
  | 'audit'
  | 'refresh'
  | 'clearFilter';

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
    action: 'refresh',
    keys: ['R', 'ctrl+l'],
    label: 'R',
    description: 'refresh the list',
    hint: 'refresh',
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

/** The rows the list shows: every dataset whose name contains the filter (any case). */
export function visibleRows(app: AppState): DatasetRow[] {
  const filter = (app.browse.filtering?.value ?? app.browse.filter).toLowerCase();
  const rows = loadRows(app, app.datasets ?? []);
  return filter ? rows.filter((row) => row.name.toLowerCase().includes(filter)) : rows;
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
  return select(app, rows[index]?.name ?? null);
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
