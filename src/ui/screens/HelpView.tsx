import { Box, Text } from 'ink';
import { ScrollList } from '../components/ScrollList.js';
import { fit } from '../format.js';
import { helpFor } from '../model/activeBindings.js';
import type { AppState } from '../model/types.js';
import type { Theme } from '../theme.js';

/** The keys of the screen the help was opened on; it scrolls like every list. */
export function HelpView({ app, height, theme }: { app: AppState; height: number; theme: Theme }) {
  const width = app.size.columns;
  const lines = helpFor(app);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{fit('Keys of this screen', width)}</Text>
      <ScrollList
        rows={lines.map((text, index) => ({ key: String(index), text }))}
        selected={app.help?.selected ?? 0}
        height={Math.max(1, height - 1)}
        width={width}
        focused
        theme={theme}
      />
    </Box>
  );
}
