import { Text } from 'ink';
import { fit } from '../format.js';
import { activeBindings } from '../model/activeBindings.js';
import { keyLine } from '../model/bindings.js';
import { heldNotice, statusText } from '../model/status.js';
import type { AppState } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

/** Server, database, version and whether it answers, in inverse video (no colour needed). */
export function StatusBar({ app }: { app: AppState }) {
  return <Text inverse>{fit(statusText(app, app.size.columns), app.size.columns)}</Text>;
}

/**
 * The line under the screen: the answer to the last key, else why the server is out of
 * reach, else a hint at interrupted operations (the list marks them with "!").
 */
export function MessageLine({ app, theme }: { app: AppState; theme: Theme }) {
  const interrupted = app.held.length;
  const line = app.message
    ? app.message
    : app.connection.state === 'disconnected'
      ? { text: `disconnected: ${app.connection.detail}`, tone: 'error' as const }
      : interrupted > 0 && app.screen.kind === 'browse'
        ? { text: heldNotice(app), tone: 'warning' as const }
        : { text: '', tone: 'plain' as const };
  return <Text {...toneProps(theme, line.tone)}>{fit(line.text, app.size.columns)}</Text>;
}

/** The keys of the screen in front that fit, with help and quit always kept. */
export function KeyLine({ app, theme }: { app: AppState; theme: Theme }) {
  const text = keyLine(activeBindings(app), app, app.size.columns);
  return <Text {...toneProps(theme, 'muted')}>{fit(text, app.size.columns)}</Text>;
}
