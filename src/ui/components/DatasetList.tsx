import { Box, Text } from 'ink';
import type { DatasetRow } from '#core/operations/overview.js';
import { dateRange, truncate } from '../format.js';
import type { Theme } from '../theme.js';

export interface DatasetListProps {
  rows: DatasetRow[];
  selected: number;
  width: number;
  height: number;
  focused: boolean;
  theme: Theme;
}

/** Name, record count, gridded or vector, date range; the selection in inverse video. */
export function DatasetList({ rows, selected, width, height, focused, theme }: DatasetListProps) {
  const visible = Math.max(1, height - 1);
  const start = Math.min(
    Math.max(0, selected - Math.floor(visible / 2)),
    Math.max(0, rows.length - visible),
  );
  const longest = Math.max(7, ...rows.map((row) => row.name.length));
  const nameWidth = Math.max(8, Math.min(longest, width - 40));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold {...(theme.accent ? { color: theme.accent } : {})}>
        {truncate(`${'DATASET'.padEnd(nameWidth)} ${'RECORDS'.padStart(7)}  KIND   DATES`, width)}
      </Text>
      {rows.length === 0 && (
        <Text {...(theme.muted ? { color: theme.muted } : {})}>
          No datasets. Press l to load one.
        </Text>
      )}
      {rows.slice(start, start + visible).map((row, offset) => {
        const index = start + offset;
        const kind = row.gridded === null ? '?' : row.gridded ? 'grid' : 'vector';
        const dates = dateRange(row.firstDate, row.lastDate);
        const line = `${truncate(row.name, nameWidth).padEnd(nameWidth)} ${String(row.records ?? '?').padStart(7)}  ${kind.padEnd(6)} ${dates}`;
        return (
          <Text key={row.name} inverse={index === selected && focused} bold={index === selected}>
            {truncate(`${line}${row.interrupted ? ' !' : ''}`, width)}
          </Text>
        );
      })}
    </Box>
  );
}
