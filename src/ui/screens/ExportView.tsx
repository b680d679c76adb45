import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { Completions } from '../components/Completions.js';
import { TextInput } from '../components/TextInput.js';
import { fit, wrap } from '../format.js';
import { exportProgressLine, type ExportState } from '../model/exportScreen.js';
import type { AppState } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

/** The export's path, Tab completing it as the wizard's does; then how far it is. */
export function ExportView({
  app,
  state,
  height,
  theme,
}: {
  app: AppState;
  state: ExportState;
  height: number;
  theme: Theme;
}) {
  const width = app.size.columns;
  const label = state.folder ? 'Folder: ' : 'File: ';
  const about = state.folder
    ? 'One .mat file per time, each with its .json, into a new folder.'
    : 'A .mat path writes MAT v5, .h5 HDF5; its config is written beside it as .json.';
  const errorLines = state.error ? wrap(state.error, width).slice(0, 3) : [];
  const progress = exportProgressLine(state);
  const back = state.back ? 'the remove question' : 'the list';
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{fit(`Export "${state.name}"`, width)}</Text>
      <Text {...toneProps(theme, 'muted')}>{fit(about, width)}</Text>
      <Box>
        <Text>{label}</Text>
        <TextInput
          field={state.path}
          width={Math.max(10, width - stringWidth(label))}
          focused={!state.running}
        />
      </Box>
      <Text {...toneProps(theme, state.running ? 'plain' : 'muted')}>
        {fit(
          progress || `Enter exports (never over an existing file); Esc goes back to ${back}.`,
          width,
        )}
      </Text>
      {errorLines.map((line, index) => (
        <Text key={index} {...toneProps(theme, 'error')}>
          {fit(line, width)}
        </Text>
      ))}
      <Completions
        found={state.completions}
        paths
        width={width}
        height={height - 4 - errorLines.length}
        theme={theme}
      />
    </Box>
  );
}
