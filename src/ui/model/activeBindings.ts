import type { Bindings } from './bindings.js';
import { HELP_SCREEN_BINDINGS, helpText } from './help.js';
import { withScreenInFront } from './screenRegistry.js';
import type { AppState } from './types.js';

/** The bindings of the screen in front (under the help screen, when it is open). */
export function screenBindings(app: AppState): Bindings<string, AppState> {
  return withScreenInFront(app, (definition, screen) => definition.bindings(screen, app));
}

/** The bindings of whatever has the keys now: input, the key line and help all read these. */
export function activeBindings(app: AppState): Bindings<string, AppState> {
  return app.help ? HELP_SCREEN_BINDINGS : screenBindings(app);
}

/** The help screen's lines for the screen it was opened on. */
export function helpFor(app: AppState): string[] {
  return helpText(app, screenBindings(app));
}
