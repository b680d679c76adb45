import { Box, Text } from 'ink';
import { truncate } from '../format.js';
import { BROWSE_KEYS } from '../keys.js';
import type { Theme } from '../theme.js';

export function StatusBar(props: {
  server: string;
  database: string;
  version: string;
  state: string;
  width: number;
  theme: Theme;
}) {
  const text = ` ${props.server}  db ${props.database}  ${props.version}  ${props.state}`;
  return (
    <Text inverse {...(props.theme.color ? {} : {})}>
      {truncate(text, props.width).padEnd(props.width)}
    </Text>
  );
}

export function KeyHints({ width, theme, extra }: { width: number; theme: Theme; extra?: string }) {
  const hints = BROWSE_KEYS.filter((binding) => binding.hint)
    .map((binding) => `${binding.label} ${binding.description.split(' ')[0]}`)
    .join('  ');
  return (
    <Box>
      <Text {...(theme.muted ? { color: theme.muted } : {})}>
        {truncate(extra ?? hints, width)}
      </Text>
    </Box>
  );
}

export function HelpScreen({ theme }: { theme: Theme }) {
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>flux-manage: keys</Text>
      {BROWSE_KEYS.map((binding) => (
        <Text key={binding.action}>
          <Text bold {...(theme.accent ? { color: theme.accent } : {})}>
            {binding.label.padEnd(8)}
          </Text>
          {binding.description}
          {binding.dangerous ? ' (asks first)' : ''}
        </Text>
      ))}
      <Text> </Text>
      <Text>
        In dialogs and the wizard: Enter goes on, Esc goes back or cancels, Tab completes a path.
      </Text>
      <Text>In the preview: left/right step through time, Esc back.</Text>
      <Text {...(theme.muted ? { color: theme.muted } : {})}>Press any key to go back.</Text>
    </Box>
  );
}
