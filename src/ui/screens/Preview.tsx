import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { PreviewFrame } from '#core/operations/preview.js';
import { formatNumber } from '../format.js';
import { drawLegend, drawRaster, rasterize } from '../preview/raster.js';
import type { UiServices } from '../services.js';
import type { Theme } from '../theme.js';

/**
 * One time step drawn as a colour map (gridded data) or as points (vector data), scaled to
 * the pane; left/right step through time, Esc goes back. Operators check a load by looking.
 */
export function Preview(props: {
  services: UiServices;
  dataset: string;
  width: number;
  height: number;
  theme: Theme;
  onClose(): void;
}) {
  const [index, setIndex] = useState(0);
  const [frame, setFrame] = useState<PreviewFrame | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    props.services.preview(props.dataset, index).then(
      (next) => current && setFrame(next),
      (failure: unknown) =>
        current && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      current = false;
    };
  }, [props.dataset, index]);

  useInput((input, key) => {
    if (key.escape || input === 'q') props.onClose();
    else if (key.rightArrow || input === 'l') setIndex((value) => value + 1);
    else if (key.leftArrow || input === 'h') setIndex((value) => value - 1);
  });

  const mapHeight = Math.max(2, props.height - 4);
  const drawn =
    frame && frame.kind !== 'none'
      ? rasterize(frame.points, props.width, mapHeight * 2, frame.cell)
      : null;
  const lines = drawn ? drawRaster(drawn.raster, frame?.range ?? null, props.theme.color) : [];
  return (
    <Box flexDirection="column">
      <Text bold>
        {props.dataset}
        {frame?.time
          ? `  ${frame.parameter} at ${frame.time}  (${frame.index + 1} of ${frame.count})`
          : ''}
      </Text>
      {error && <Text {...(props.theme.error ? { color: props.theme.error } : {})}>{error}</Text>}
      {!frame && !error && <Text>Reading...</Text>}
      {frame?.kind === 'none' && (
        <Text>Nothing to draw: this dataset has no grid or points to show.</Text>
      )}
      {lines.map((line, row) => (
        <Text key={row}>{line}</Text>
      ))}
      {frame && frame.kind !== 'none' && (
        <Text>{drawLegend(frame.range, props.theme.color, formatNumber)}</Text>
      )}
      <Text {...(props.theme.muted ? { color: props.theme.muted } : {})}>
        ←/→ time step Esc back
      </Text>
    </Box>
  );
}
