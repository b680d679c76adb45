import { Box, Text } from 'ink';
import { useRef } from 'react';
import { fit, wrap } from '../format.js';
import { listWindow } from '../model/listCursor.js';
import type { Tone } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

export interface ListRow {
  key: string;
  text: string;
  tone?: Tone;
  /** A colour of its own (audit groups), over the tone's. */
  color?: string | undefined;
  bold?: boolean;
}

export interface ScrollListProps {
  rows: readonly ListRow[];
  /** The selected row's index, or -1 when the list has no selection. */
  selected: number;
  height: number;
  width: number;
  /** The list has the keys: its selection is drawn in inverse video as well as marked. */
  focused: boolean;
  theme: Theme;
  /** What to say when there are no rows. */
  empty?: string;
}

/**
 * The one list every screen uses: the selection is always in view (marked with ">" and bold,
 * in inverse when the list has the keys, so it shows without colour), and the rows that do
 * not fit are counted on a line at each cut end ("↓ 12 more").
 */
export function ScrollList({
  rows,
  selected,
  height,
  width,
  focused,
  theme,
  empty,
}: ScrollListProps) {
  const top = useRef(0);
  const view = listWindow(rows.length, Math.max(0, selected), height, top.current);
  top.current = view.top;
  const muted = toneProps(theme, 'muted');
  // What to say when there are no rows is wrapped, not cut: a narrow list keeps all of it.
  if (rows.length === 0) {
    const indent = /^ */.exec(empty ?? '')?.[0] ?? '';
    return (
      <Box flexDirection="column" width={width} height={height}>
        {wrap((empty ?? '').trim(), Math.max(1, width - indent.length))
          .slice(0, Math.max(1, height))
          .map((line, index) => (
            <Text key={index} {...muted}>
              {fit(`${indent}${line}`, width)}
            </Text>
          ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {view.above > 0 && <Text {...muted}>{fit(`  ↑ ${view.above} more`, width)}</Text>}
      {rows.slice(view.top, view.top + view.shown).map((row, offset) => {
        const index = view.top + offset;
        const chosen = index === selected;
        const colour = row.color ? { color: row.color } : toneProps(theme, row.tone ?? 'plain');
        return (
          <Text
            key={row.key}
            bold={chosen || row.bold === true}
            inverse={chosen && focused}
            {...colour}
          >
            {fit(`${chosen ? '>' : ' '} ${row.text}`, width)}
          </Text>
        );
      })}
      {view.below > 0 && <Text {...muted}>{fit(`  ↓ ${view.below} more`, width)}</Text>}
    </Box>
  );
}
