import { Box, Text } from 'ink';
import { fit, formatNumber } from '../format.js';
import type { AppState } from '../model/types.js';
import type { PreviewState } from '../model/preview.js';
import { drawLegend, drawRaster, rasterize } from '../preview/raster.js';
import { toneProps, type Theme } from '../theme.js';

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
  const status =
    preview.error !== null
      ? { text: preview.error, tone: 'error' as const }
      : preview.reading !== null
        ? {
            text: count ? `Reading step ${preview.index + 1} of ${count}...` : 'Reading...',
            tone: 'muted' as const,
          }
        : frame?.kind === 'none'
          ? {
              text: 'Nothing to draw: this dataset has no grid or points to show.',
              tone: 'plain' as const,
            }
          : { text: '', tone: 'plain' as const };
  const mapHeight = Math.max(2, height - 4);
  const drawn =
    frame && frame.kind !== 'none'
      ? rasterize(frame.points, width, mapHeight * 2, frame.cell, frame.extent)
      : null;
  const scale = frame?.scale
    ? { min: frame.scale.low, max: frame.scale.high }
    : (frame?.range ?? null);
  const lines = drawn
    ? drawRaster(drawn.raster, scale, theme.depth === 'none' ? 'none' : theme.depth)
    : [];
  const legend =
    frame && frame.kind !== 'none'
      ? `${drawLegend(scale, theme.depth === 'none' ? 'none' : theme.depth, formatNumber)}  ${
          frame.scale ? `scale: ${frame.scale.method}` : ''
        }${frame.range ? `; data ${formatNumber(frame.range.min)} to ${formatNumber(frame.range.max)}` : ''}`
      : '';
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{fit(title, width)}</Text>
      <Text {...toneProps(theme, status.tone)}>{fit(status.text, width)}</Text>
      <Box flexDirection="column" height={mapHeight}>
        {lines.slice(0, mapHeight).map((line, row) => (
          <Text key={row} wrap="truncate">
            {line}
          </Text>
        ))}
      </Box>
      <Text wrap="truncate">{legend}</Text>
    </Box>
  );
}
