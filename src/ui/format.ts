/** Short human forms for the panes. */
export function shortDate(date: string | null): string {
  return date ? date.replace('T00:00:00', '').replace('T', ' ') : '-';
}

export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
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
