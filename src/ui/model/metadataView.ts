import type { DatasetMetadata } from '#core/metadata.js';
import { metadataText } from '#core/operations/listDatasets.js';
import { describeForUi } from '../errors.js';
import { wrap } from '../format.js';
import type { Bindings } from './bindings.js';
import { toBrowse } from './browse.js';
import { HELP_BINDING, LIST_BINDINGS, QUIT_BINDING, type AppAction } from './commonBindings.js';
import { bodyHeight } from './layout.js';
import { moveSelection, type ListMove } from './listCursor.js';
import type { AppState, Msg, Step } from './types.js';
import { step } from './types.js';

/**
 * A dataset's metadata document, whole, as `db -n NAME` prints it: a pager over the screen
 * (k9s's describe), for what the pane has no room for (every date, every key another tool
 * wrote).
 */
export interface MetadataViewState {
  name: string;
  /** The first line shown. */
  top: number;
  /** The document: the one the list brought until the fresh read answers; null: there is none. */
  document: DatasetMetadata | null | undefined;
  /** The read in flight (its request number), or null. */
  reading: number | null;
  error: string | null;
}

export type MetadataViewAction = ListMove | 'back';

export const METADATA_VIEW_BINDINGS: Bindings<MetadataViewAction | AppAction, AppState> = [
  ...LIST_BINDINGS.map((binding) => ({
    ...binding,
    description: `scroll: ${binding.description} line`,
  })),
  {
    action: 'back',
    keys: ['escape', 'm'],
    label: 'Esc',
    description: 'back to the list',
    hint: 'back',
  },
  HELP_BINDING,
  QUIT_BINDING,
];

/** The view's title and position lines around the document. */
const CHROME_ROWS = 2;

/** The document's lines at this width: long ones wrapped under their own indentation. */
export function documentLines(document: DatasetMetadata, width: number): string[] {
  return metadataText(document)
    .split('\n')
    .flatMap((line) => {
      const indent = /^ */.exec(line)?.[0] ?? '';
      const room = Math.max(10, width - indent.length - 2);
      return wrap(line.slice(indent.length), room).map((part, index) =>
        index === 0 ? `${indent}${part}` : `${indent}  ${part}`,
      );
    });
}

/** The width the document is wrapped to: the terminal's, less the margin. */
export const documentWidth = (app: AppState) => app.size.columns - 1;

/** How many lines of the document the screen shows at once. */
export const documentPage = (app: AppState) => Math.max(1, bodyHeight(app.size) - CHROME_ROWS);

/** m on the list: the document the list brought at once, and a fresh read of it. */
export function openMetadataView(app: AppState, name: string): Step {
  const sequence = app.sequence + 1;
  const known = app.metadata[name];
  const view: MetadataViewState = {
    name,
    top: 0,
    document: known?.status === 'loaded' ? known.value : undefined,
    reading: sequence,
    error: null,
  };
  return step(
    { ...app, sequence, screen: { kind: 'metadata', view } },
    { type: 'metadataDocument', name, sequence },
  );
}

const update = (app: AppState, view: MetadataViewState): AppState => ({
  ...app,
  screen: { kind: 'metadata', view },
});

export function metadataViewAction(
  app: AppState,
  view: MetadataViewState,
  action: MetadataViewAction,
): Step {
  if (action === 'back') return toBrowse(app);
  const lines = view.document ? documentLines(view.document, documentWidth(app)).length : 0;
  const page = documentPage(app);
  const lastTop = Math.max(0, lines - page);
  const top = moveSelection(Math.min(view.top, lastTop), lastTop + 1, action, page);
  return step(update(app, { ...view, top }));
}

export function metadataViewMessage(app: AppState, view: MetadataViewState, msg: Msg): Step | null {
  if (msg.type === 'metadataDocument' && msg.sequence === view.reading) {
    const metadata = {
      ...app.metadata,
      [view.name]: { status: 'loaded' as const, value: msg.metadata },
    };
    return step(update({ ...app, metadata }, { ...view, document: msg.metadata, reading: null }));
  }
  if (msg.type === 'failed' && msg.effect === 'metadataDocument' && msg.sequence === view.reading)
    return step(update(app, { ...view, reading: null, error: describeForUi(msg.error).text }));
  return null;
}
