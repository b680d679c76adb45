import stringWidth from 'string-width';

/** Short human forms for the panes, and text fitted to a width in terminal columns. */
export function shortDate(date: string | null): string {
  return date ? date.replace('T00:00:00', '').replace('T', ' ') : '-';
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((part) => part.segment);
}

/** The text cut to `width` columns, with "…" where it was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const part of graphemes(text)) {
    const w = stringWidth(part);
    if (used + w > width - 1) break;
    out += part;
    used += w;
  }
  return `${out}…`;
}

/**
 * A name cut to `width` columns keeping both ends, more of the end: datasets often differ
 * only there (casa_gfed_2004_run01, _run02, ...), so "casa…4_run02", never "casa_gf…".
 */
export function truncateMiddle(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  if (width < 4) return truncate(text, width);
  const parts = graphemes(text);
  const headWidth = Math.max(1, Math.floor((width - 1) / 3));
  let head = '';
  let used = 0;
  for (const part of parts) {
    if (used + stringWidth(part) > headWidth) break;
    head += part;
    used += stringWidth(part);
  }
  let tail = '';
  let tailUsed = 0;
  for (let index = parts.length - 1; index >= 0; index--) {
    const part = parts[index] as string;
    if (used + tailUsed + stringWidth(part) > width - 1) break;
    tail = part + tail;
    tailUsed += stringWidth(part);
  }
  return `${head}…${tail}`;
}

/** The text padded with spaces (or cut) to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - stringWidth(cut)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

export function formatNumber(value: unknown): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '-' : String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e7)
    ? value.toExponential(3)
    : String(Number(value.toPrecision(6)));
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  return JSON.stringify(value);
}

/** A compact date range: 2004-06-30 00:00..21:00, 2009-06-15, or 2009-06-15..2009-06-21. */
export function dateRange(first: string | null, last: string | null): string {
  if (!first) return '-';
  if (!last || last === first) return shortDate(first);
  const [firstDay, firstTime = ''] = first.split('T');
  const [lastDay, lastTime = ''] = last.split('T');
  if (firstDay === lastDay) return `${firstDay} ${firstTime.slice(0, 5)}..${lastTime.slice(0, 5)}`;
  const showTime = firstTime !== '00:00:00' || lastTime !== '00:00:00';
  return showTime ? `${shortDate(first)}..${shortDate(last)}` : `${firstDay}..${lastDay}`;
}

/** Text broken into lines of at most `width` columns, at spaces where it can be. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (stringWidth(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (stringWidth(rest) > width) {
        const head = truncate(rest, width + 1).slice(0, -1);
        lines.push(head);
        rest = rest.slice(head.length);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}
