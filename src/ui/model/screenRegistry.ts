import { AUDIT_BINDINGS, auditAction, auditMessage, confirmBindings } from './audit.js';
import { BROWSE_BINDINGS, DETAILS_BINDINGS, editFilter, FILTER_BINDINGS } from './browse.js';
import { browseAction } from './browseAction.js';
import {
  REMOVE_BINDINGS,
  removeAction,
  removeMessage,
  removeText,
  RENAME_BINDINGS,
  renameAction,
  renameMessage,
  renameText,
} from './dialogs.js';
import { exportAction, exportBindings, exportMessage, exportText } from './exportScreen.js';
import { LOG_SCREEN_BINDINGS, logAction } from './log.js';
import { METADATA_VIEW_BINDINGS, metadataViewAction, metadataViewMessage } from './metadataView.js';
import { previewAction, previewBindings, previewMessage, previewText } from './preview.js';
import type { ScreenDefinition, ScreenKind, ScreenOf, ScreenRegistry } from './screenDefinition.js';
import type { AppState } from './types.js';
import { VERIFY_BINDINGS, verifyAction, verifyMessage } from './verifyScreen.js';
import { wizardAction } from './wizard/actions.js';
import { wizardBindings } from './wizard/bindings.js';
import { wizardMessage } from './wizard/messages.js';
import { wizardError } from './wizard/state.js';
import { wizardText } from './wizard/text.js';

/** Every screen, by its kind: what its keys are, what they do, and what it waits for. */
export const SCREENS: ScreenRegistry = {
  browse: {
    bindings: (_screen, app) => {
      if (app.browse.filtering) return FILTER_BINDINGS;
      return app.browse.focus === 'details' ? DETAILS_BINDINGS : BROWSE_BINDINGS;
    },
    action: (app, _screen, action) => browseAction(app, action),
    text: (app, _screen, key) => editFilter(app, key),
  },
  load: {
    bindings: (screen, app) => wizardBindings(screen.wizard, app),
    action: (app, screen, action) => wizardAction(app, screen.wizard, action),
    text: (app, screen, key) => wizardText(app, screen.wizard, key),
    message: (app, screen, msg) => wizardMessage(app, screen.wizard, msg),
    // The load it starts is the app's (app.loads): it runs on when the screen closes.
    error: (screen) => wizardError(screen.wizard),
  },
  audit: {
    bindings: (screen) => (screen.audit.confirm ? confirmBindings(screen.audit) : AUDIT_BINDINGS),
    action: (app, screen, action) => auditAction(app, screen.audit, action),
    message: (app, screen, msg) => auditMessage(app, screen.audit, msg),
    writing: (screen) => (screen.audit.repairing ? 'repair' : null),
    error: (screen) => screen.audit.error,
  },
  rename: {
    bindings: () => RENAME_BINDINGS,
    action: (app, screen, action) => renameAction(app, screen.dialog, action),
    text: (app, screen, key) => renameText(app, screen.dialog, key),
    message: (app, screen, msg) => renameMessage(app, screen.dialog, msg),
    writing: (screen) => (screen.dialog.busy ? 'rename' : null),
    error: (screen) => screen.dialog.error,
  },
  remove: {
    bindings: () => REMOVE_BINDINGS,
    action: (app, screen, action) => removeAction(app, screen.dialog, action),
    text: (app, screen, key) => removeText(app, screen.dialog, key),
    message: (app, screen, msg) => removeMessage(app, screen.dialog, msg),
    writing: (screen) => (screen.dialog.busy ? 'remove' : null),
    error: (screen) => screen.dialog.error,
  },
  preview: {
    bindings: (screen) => previewBindings(screen.preview),
    action: (app, screen, action) => previewAction(app, screen.preview, action),
    text: (app, screen, key) => previewText(app, screen.preview, key),
    message: (app, screen, msg) => previewMessage(app, screen.preview, msg),
    error: (screen) => screen.preview.error ?? screen.preview.cell?.error ?? null,
  },
  log: {
    bindings: () => LOG_SCREEN_BINDINGS,
    action: (app, screen, action) => logAction(app, screen.log, action),
  },
  metadata: {
    bindings: () => METADATA_VIEW_BINDINGS,
    action: (app, screen, action) => metadataViewAction(app, screen.view, action),
    message: (app, screen, msg) => metadataViewMessage(app, screen.view, msg),
  },
  export: {
    bindings: (screen) => exportBindings(screen.export),
    action: (app, screen, action) => exportAction(app, screen.export, action),
    text: (app, screen, key) => exportText(app, screen.export, key),
    message: (app, screen, msg) => exportMessage(app, screen.export, msg),
    // Not the database: what quitting waits for is the staged files' removal after a cancel.
    writing: (screen) => (screen.export.running ? 'export' : null),
    error: (screen) => screen.export.error,
  },
  verify: {
    bindings: () => VERIFY_BINDINGS,
    action: (app, screen, action) => verifyAction(app, screen.verify, action),
    message: (app, screen, msg) => verifyMessage(app, screen.verify, msg),
    error: (screen) => (screen.verify.status === 'failed' ? screen.verify.error : null),
  },
};

/** Hands the screen in front to `handle` with its definition (of its kind). */
export function withScreenInFront<Result>(
  app: AppState,
  handle: <K extends ScreenKind>(definition: ScreenDefinition<K>, screen: ScreenOf<K>) => Result,
): Result {
  return withScreen(app.screen.kind, app.screen, handle);
}

/** The error the screen in front shows now, if any: the log keeps each new one. */
export function screenError(app: AppState): string | null {
  return withScreenInFront(app, (definition, screen) => definition.error?.(screen) ?? null);
}

// The kind as a type parameter is what lets the compiler see that the entry and the state match.
export function withScreen<K extends ScreenKind, Result>(
  kind: K,
  screen: ScreenOf<K>,
  handle: <J extends ScreenKind>(definition: ScreenDefinition<J>, screen: ScreenOf<J>) => Result,
): Result {
  return handle(SCREENS[kind], screen);
}
