import { Box, Text } from 'ink';
import { describeValue, formatNumber, truncate } from '../format.js';
import type { Theme } from '../theme.js';

export interface MetadataPaneProps {
  name: string | null;
  metadata: Record<string, unknown> | null | undefined;
  width: number;
  height: number;
  /** Lines scrolled past when the pane has the focus. */
  scroll: number;
  focused: boolean;
  theme: Theme;
}

/** The lines of the metadata pane: title, dates, steps or spans, grid, bbox, units, stats. */
export function metadataLines(metadata: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const field = (label: string, value: unknown) =>
    lines.push(`${label.padEnd(9)} ${describeValue(value)}`);
  field('title', metadata.title || '(none)');
  const dates = (Array.isArray(metadata.dates) ? metadata.dates : []).map(String);
  // One date a line: they are long, and the pane is half a terminal wide.
  if (dates.length > 3) {
    field('dates', `${dates.length}, from ${dates[0]}`);
    lines.push(`${''.padEnd(9)}   to ${dates.at(-1)}`);
  } else {
    dates.forEach((date, index) =>
      index === 0 ? field('dates', date) : lines.push(`${''.padEnd(9)} ${date}`),
    );
  }
  if (metadata.steps !== undefined) field('steps', metadata.steps);
  if (metadata.spans !== undefined) {
    const spans = metadata.spans as unknown[];
    field(
      'spans',
      spans.length > 4 ? `${spans.length} spans, first ${describeValue(spans[0])} s` : spans,
    );
  }
  field('gridded', metadata.gridded);
  field('grid', metadata.grid);
  if (metadata.bbox !== undefined) field('bbox', metadata.bbox);
  if (metadata.covariance !== undefined) field('matrix', metadata.covariance);
  field('units', metadata.units);
  const stats = (metadata.stats ?? {}) as Record<string, Record<string, unknown>>;
  for (const [parameter, values] of Object.entries(stats)) {
    lines.push(`stats ${parameter}:`);
    lines.push(
      `  mean ${formatNumber(values.mean)}  std ${formatNumber(values.std)}  median ${formatNumber(values.median)}`,
    );
    lines.push(`  min ${formatNumber(values.min)}  max ${formatNumber(values.max)}`);
  }
  return lines;
}

export function MetadataPane({
  name,
  metadata,
  width,
  height,
  scroll,
  focused,
  theme,
}: MetadataPaneProps) {
  const muted = theme.muted ? { color: theme.muted } : {};
  if (!name) return <Box width={width} />;
  const lines = metadata ? metadataLines(metadata) : [];
  const visible = Math.max(1, height - 1);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold inverse={focused} {...(theme.accent && !focused ? { color: theme.accent } : {})}>
        {truncate(` ${name} `, width)}
      </Text>
      {metadata === undefined && <Text {...muted}>Loading...</Text>}
      {metadata === null && (
        <Text {...(theme.error ? { color: theme.error } : {})}>No metadata (run the audit: a)</Text>
      )}
      {lines.slice(scroll, scroll + visible).map((line, index) => (
        <Text key={index} wrap="truncate">
          {truncate(line, width)}
        </Text>
      ))}
    </Box>
  );
}
