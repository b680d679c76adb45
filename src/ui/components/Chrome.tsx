import { Text } from 'ink';
import { fit } from '../format.js';
import { activeBindings } from '../model/activeBindings.js';
import { keyLine } from '../model/bindings.js';
import { messageLines } from '../model/messageLine.js';
import type { AppState } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

function connectionWords(app: AppState): string {
  const connection = app.connection;
  if (connection.state === 'connecting') return `connecting to ${app.server}...`;
  if (connection.state === 'disconnected') return 'disconnected (retrying)';
  return 'connected';
}

/** Server, database, version and whether it answers, in inverse video (no colour needed). */
export function StatusBar({ app }: { app: AppState }) {
  const parts =
    app.connection.state === 'connecting'
      ? [connectionWords(app), `db ${app.database}`]
      : [connectionWords(app), app.server, `db ${app.database}`, app.version];
  return <Text inverse>{fit(` ${parts.filter(Boolean).join('  ')}`, app.size.columns)}</Text>;
}

/** The message under the screen, wrapped on up to three rows (see model/messageLine.ts). */
export function MessageLine({ app, theme }: { app: AppState; theme: Theme }) {
  const { lines, tone } = messageLines(app);
  return (
    <>
      {lines.map((line, index) => (
        <Text key={index} {...toneProps(theme, tone)}>
          {fit(line, app.size.columns)}
        </Text>
      ))}
    </>
  );
}

/** The keys of the screen in front that fit, with help and quit always kept. */
export function KeyLine({ app, theme }: { app: AppState; theme: Theme }) {
  const text = keyLine(activeBindings(app), app, app.size.columns);
  return <Text {...toneProps(theme, 'muted')}>{fit(text, app.size.columns)}</Text>;
}
