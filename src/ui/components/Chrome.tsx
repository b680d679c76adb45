import { Text } from 'ink';
import { fit } from '../format.js';
import { activeBindings } from '../model/activeBindings.js';
import { keyLine } from '../model/bindings.js';
import { messageLines } from '../model/messageLine.js';
import { statusText } from '../model/status.js';
import type { AppState } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

/** Server, database, version and whether it answers, in inverse video (no colour needed). */
export function StatusBar({ app }: { app: AppState }) {
  return <Text inverse>{fit(statusText(app, app.size.columns), app.size.columns)}</Text>;
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
