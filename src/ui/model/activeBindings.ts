import { AUDIT_BINDINGS, CONFIRM_BINDINGS } from './audit.js';
import type { Bindings } from './bindings.js';
import { HELP_SCREEN_BINDINGS, helpText } from './help.js';
import { BROWSE_BINDINGS, DETAILS_BINDINGS, FILTER_BINDINGS } from './browse.js';
import { REMOVE_BINDINGS, RENAME_BINDINGS } from './dialogs.js';
import { PREVIEW_BINDINGS } from './preview.js';
import type { AppState } from './types.js';
import { wizardBindings } from './wizard/bindings.js';

/** The bindings of the screen in front (under the help screen, when it is open). */
export function screenBindings(app: AppState): Bindings<string, AppState> {
  const screen = app.screen;
  switch (screen.kind) {
    case 'browse':
      if (app.browse.filtering) return FILTER_BINDINGS;
      return app.browse.focus === 'details' ? DETAILS_BINDINGS : BROWSE_BINDINGS;
    case 'load':
      return wizardBindings(screen.wizard);
    case 'audit':
      return screen.audit.confirm ? CONFIRM_BINDINGS : AUDIT_BINDINGS;
    case 'rename':
      return RENAME_BINDINGS;
    case 'remove':
      return REMOVE_BINDINGS;
    case 'preview':
      return PREVIEW_BINDINGS;
  }
}

/** The bindings of whatever has the keys now: input, the key line and help all read these. */
export function activeBindings(app: AppState): Bindings<string, AppState> {
  return app.help ? HELP_SCREEN_BINDINGS : screenBindings(app);
}

/** The help screen's lines for the screen it was opened on. */
export function helpFor(app: AppState): string[] {
  return helpText(app, screenBindings(app));
}
