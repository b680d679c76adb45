import { Box, Text } from 'ink';
import { fit, truncateMiddle } from '../format.js';
import {
  documentLines,
  documentPage,
  documentWidth,
  type MetadataViewState,
} from '../model/metadataView.js';
import type { AppState } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

/** A dataset's metadata document, whole: a title, a page of it, and where the page is. */
export function MetadataView({
  app,
  view,
  height,
  theme,
}: {
  app: AppState;
  view: MetadataViewState;
  height: number;
  theme: Theme;
}) {
  const width = app.size.columns;
  const muted = toneProps(theme, 'muted');
  const lines = view.document ? documentLines(view.document, documentWidth(app)) : [];
  const page = documentPage(app);
  const top = Math.min(view.top, Math.max(0, lines.length - page));
  const shown = lines.slice(top, top + page);
  const reading = view.reading !== null ? '  (reading it again...)' : '';
  let status: { text: string; tone: 'error' | 'muted' };
  if (view.error !== null) status = { text: view.error, tone: 'error' };
  else if (view.document === null)
    status = {
      text: `"${view.name}" has no metadata document (removed or renamed elsewhere? The list is read again.)`,
      tone: 'error',
    };
  else if (view.document === undefined) status = { text: 'Reading the document...', tone: 'muted' };
  else
    status = {
      text: `lines ${top + 1}-${top + shown.length} of ${lines.length}${
        top + shown.length < lines.length ? '  (↓ PgDn more)' : ''
      }`,
      tone: 'muted',
    };
  return (
    <Box flexDirection="column" height={height}>
      <Text bold inverse>
        {fit(` metadata of ${truncateMiddle(view.name, width - 30)}${reading}`, width)}
      </Text>
      <Box flexDirection="column" height={Math.max(1, height - 2)}>
        {shown.map((line, index) => (
          <Text key={top + index}>{fit(` ${line}`, width)}</Text>
        ))}
      </Box>
      <Text {...(status.tone === 'error' ? toneProps(theme, 'error') : muted)}>
        {fit(status.text, width)}
      </Text>
    </Box>
  );
}
