import { startAudit } from './audit.js';
import {
  cycleSort,
  endFilter,
  moveInDetails,
  moveInList,
  selectedRow,
  startFilter,
  type BrowseAction,
  type DetailsAction,
  type FilterAction,
} from './browse.js';
import { openRemove, openRename } from './dialogs.js';
import { openExport } from './exportScreen.js';
import { isListMove } from './listCursor.js';
import { openLoad } from './loads.js';
import { openMetadataView } from './metadataView.js';
import { openPreview } from './preview.js';
import type { AppState, Step } from './types.js';
import { openVerify } from './verifyScreen.js';
import { step } from './types.js';

/** The list's keys: moving, the filter, the metadata pane, and opening the other screens. */
export function browseAction(
  app: AppState,
  action: BrowseAction | DetailsAction | FilterAction,
): Step {
  if (isListMove(action))
    return app.browse.focus === 'details' ? moveInDetails(app, action) : moveInList(app, action);
  const row = selectedRow(app);
  switch (action) {
    case 'details':
      return step({ ...app, browse: { ...app.browse, focus: 'details', detailLine: 0 } });
    case 'back':
      return step({ ...app, browse: { ...app.browse, focus: 'list' } });
    case 'filter':
      return startFilter(app);
    case 'keep':
      return endFilter(app, true);
    case 'clear':
    case 'clearFilter':
      return endFilter({ ...app, browse: { ...app.browse, filtering: null } }, false);
    case 'load':
      return openLoad(app);
    case 'preview':
      return row ? openPreview(app, row.name) : step(app);
    case 'rename':
      return row ? openRename(app, row.name) : step(app);
    case 'remove':
      return row ? openRemove(app, row.name, row.records) : step(app);
    case 'export':
      return row ? openExport(app, row.name) : step(app);
    case 'verify':
      return row ? openVerify(app, row.name) : step(app);
    case 'audit':
      return startAudit(app);
    case 'sort':
      return cycleSort(app);
    case 'document':
      return row ? openMetadataView(app, row.name) : step(app);
    case 'refresh':
      // The list again (its metadata comes along, replacing what the panes showed).
      return app.connection.state === 'disconnected'
        ? step(app, { type: 'ping', delayMs: 0 })
        : step(app, { type: 'listDatasets' }, { type: 'serverInfo' });
  }
}
