import { Box, Text } from 'ink';
import { plural } from '#core/text/plural.js';
import { ScrollList } from '../components/ScrollList.js';
import { fit } from '../format.js';
import { logLines, type LogState } from '../model/log.js';
import type { AppState } from '../model/types.js';
import type { Theme } from '../theme.js';

/** Every message of the session, oldest first, each whole; it opens at the newest. */
export function LogView({
  app,
  log,
  height,
  theme,
}: {
  app: AppState;
  log: LogState;
  height: number;
  theme: Theme;
}) {
  const width = app.size.columns;
  const lines = logLines(app.log, width);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>
        {fit(
          `The log: ${plural(app.log.length, 'message')} of this session, the newest last`,
          width,
        )}
      </Text>
      <ScrollList
        rows={lines.map((line, index) => ({ key: String(index), ...line }))}
        selected={log.selected ?? lines.length - 1}
        height={Math.max(1, height - 1)}
        width={width}
        focused
        theme={theme}
        empty="  Nothing has been said yet."
      />
    </Box>
  );
}
