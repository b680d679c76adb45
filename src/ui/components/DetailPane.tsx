import { Box, Text } from 'ink';
import { fit } from '../format.js';
import { toneProps, type Theme } from '../theme.js';

/** The selected row of a list read whole, under a rule: nothing when there is nothing to say. */
export function DetailPane({
  lines,
  width,
  theme,
}: {
  lines: readonly string[];
  width: number;
  theme: Theme;
}) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column">
      <Text {...toneProps(theme, 'muted')}>{fit('─'.repeat(width), width)}</Text>
      {lines.map((line, index) => (
        <Text key={index}>{fit(` ${line}`, width)}</Text>
      ))}
    </Box>
  );
}
