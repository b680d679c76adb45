import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { plural } from '#core/text/plural.js';
import { TextInput } from '../components/TextInput.js';
import { fit, wrap } from '../format.js';
import { renameProblem, type RemoveState, type RenameState } from '../model/dialogs.js';
import type { Tone } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

function Lines({
  text,
  tone,
  width,
  theme,
  bold,
}: {
  text: string;
  tone: Tone;
  width: number;
  theme: Theme;
  bold?: boolean;
}) {
  return (
    <>
      {wrap(text, width).map((line, index) => (
        <Text key={index} bold={bold === true} {...toneProps(theme, tone)}>
          {fit(line, width)}
        </Text>
      ))}
    </>
  );
}

/** The new name, checked as it is typed; the rename moves data, metadata and caches together. */
export function RenameView({
  dialog,
  width,
  theme,
}: {
  dialog: RenameState;
  width: number;
  theme: Theme;
}) {
  const inner = width - 4;
  const problem = renameProblem(dialog);
  const label = 'New name: ';
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
      <Lines text={`Rename "${dialog.from}"`} tone="plain" bold width={inner} theme={theme} />
      <Box>
        <Text>{label}</Text>
        <TextInput field={dialog.to} width={inner - stringWidth(label)} focused={!dialog.busy} />
      </Box>
      {problem && <Lines text={problem} tone="error" width={inner} theme={theme} />}
      {dialog.error && <Lines text={dialog.error} tone="error" width={inner} theme={theme} />}
      <Lines
        text={
          dialog.busy
            ? 'Renaming...'
            : 'Data, metadata, coord_index and the geometry cache move together.'
        }
        tone="muted"
        width={inner}
        theme={theme}
      />
    </Box>
  );
}

/** Removing asks for the dataset's name to be typed: a slip of one key cannot do it. */
export function RemoveView({
  dialog,
  width,
  theme,
}: {
  dialog: RemoveState;
  width: number;
  theme: Theme;
}) {
  const inner = width - 4;
  const label = 'Name: ';
  const records = dialog.records === undefined ? '' : ` (${plural(dialog.records, 'record')})`;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
      <Lines
        text={`Remove "${dialog.name}"${records} with its metadata, coord_index and geometry cache?`}
        tone="warning"
        bold
        width={inner}
        theme={theme}
      />
      <Lines
        text="This cannot be undone. Type the dataset's name to confirm."
        tone="plain"
        width={inner}
        theme={theme}
      />
      <Box>
        <Text>{label}</Text>
        <TextInput field={dialog.typed} width={inner - stringWidth(label)} focused={!dialog.busy} />
      </Box>
      {dialog.typed.value !== '' && dialog.typed.value !== dialog.name && (
        <Lines text="(does not match yet)" tone="muted" width={inner} theme={theme} />
      )}
      {dialog.error && <Lines text={dialog.error} tone="error" width={inner} theme={theme} />}
      {dialog.busy && <Lines text="Removing..." tone="muted" width={inner} theme={theme} />}
    </Box>
  );
}
