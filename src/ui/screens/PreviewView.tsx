import { Box, Text } from 'ink';
import { TextInput } from '../components/TextInput.js';
import { fit } from '../format.js';
import type { AppState } from '../model/types.js';
import type { PreviewState } from '../model/preview.js';
import { cellLines, type CellLines } from '../preview/cell.js';
import { mapLines } from '../preview/mapLines.js';
import { toneProps, type Theme } from '../theme.js';

/** Rows around the map: the title, the status line, the edges under it and the legend. */
const AROUND_MAP = 4;
/** Rows the cell cursor adds under the map: the cell and its series. */
const CELL_ROWS = 2;

const GO_TO = 'Go to step (number or date): ';

/** The status line: the "go to" field, an error, how far a read has got, or nothing. */
function status(preview: PreviewState): { text: string; tone: 'error' | 'muted' | 'plain' } {
  const { frame, progress } = preview;
  const count = frame?.count ?? 0;
  if (preview.error !== null) return { text: preview.error, tone: 'error' };
  if (preview.reading !== null) {
    const target = preview.index + 1;
    if (progress && progress.step !== target)
      return {
        text: `Reading step ${progress.step} of ${progress.count} to reach step ${target} (the server reads them in order)...`,
        tone: 'muted',
      };
    return { text: count ? `Reading step ${target} of ${count}...` : 'Reading...', tone: 'muted' };
  }
  if (frame?.kind === 'none')
    return { text: 'Nothing to draw: this dataset has no grid or points to show.', tone: 'plain' };
  return { text: '', tone: 'plain' };
}

/** The cell cursor's lines, when it is on a cell of the frame shown. */
function cursorLines(preview: PreviewState, width: number): CellLines | null {
  const { frame, cell } = preview;
  const point = cell && frame?.kind === 'grid' ? frame.points[cell.index] : undefined;
  if (!cell || !frame || !point) return null;
  const series = cell.series
    ? { values: cell.series.values }
    : {
        progress:
          cell.error ??
          (cell.reading === null
            ? ''
            : cell.progress
              ? `series ${Math.min(cell.progress.read, cell.progress.count)}/${cell.progress.count}...`
              : 'series...'),
      };
  return cellLines(point, { index: frame.index, count: frame.count }, frame.units, series, width);
}

/**
 * One time step as a colour map (gridded data) or as points (observations), on one map extent
 * and one colour scale for every step, so that stepping through time compares like with like.
 */
export function PreviewView({
  app,
  preview,
  height,
  theme,
}: {
  app: AppState;
  preview: PreviewState;
  height: number;
  theme: Theme;
}) {
  const width = app.size.columns;
  const frame = preview.frame;
  const count = frame?.count ?? 0;
  const title = frame?.time
    ? `${preview.dataset}  ${frame.parameter} at ${frame.time}  (step ${frame.index + 1} of ${count})`
    : preview.dataset;
  const line = status(preview);
  const cursor = cursorLines(preview, width);
  const mapRows = Math.max(2, height - AROUND_MAP - (cursor ? CELL_ROWS : 0));
  const marked = cursor && frame ? frame.points[preview.cell?.index ?? -1] : undefined;
  const drawn =
    frame && frame.kind !== 'none'
      ? mapLines(frame, width, mapRows, theme.depth === 'none' ? 'none' : theme.depth, marked)
      : null;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{fit(title, width)}</Text>
      {preview.jump ? (
        <Text>
          {GO_TO}
          <TextInput field={preview.jump} width={Math.max(10, width - GO_TO.length)} />
        </Text>
      ) : (
        <Text {...toneProps(theme, line.tone)}>{fit(line.text, width)}</Text>
      )}
      <Box flexDirection="column" height={mapRows}>
        {(drawn?.map ?? []).map((text, row) => (
          <Text key={row} wrap="truncate">
            {text}
          </Text>
        ))}
      </Box>
      <Text wrap="truncate">{drawn?.edges ?? ''}</Text>
      <Text wrap="truncate">{drawn?.legend ?? ''}</Text>
      {cursor ? <Text wrap="truncate">{cursor.cell}</Text> : null}
      {cursor ? (
        typeof cursor.series === 'string' ? (
          <Text wrap="truncate" {...toneProps(theme, preview.cell?.error ? 'error' : 'muted')}>
            {cursor.series}
          </Text>
        ) : (
          <Text wrap="truncate">
            {cursor.series.before}
            <Text inverse>{cursor.series.mark}</Text>
            {cursor.series.after}
          </Text>
        )
      ) : null}
    </Box>
  );
}
