/**
 * Times in configs and metadata. Naive ISO 8601 times mean UTC (SPEC 4); metadata shows
 * times as YYYY-MM-DDTHH:MM:SS, the original tool's format.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 date or date-time; null when the text is not one or names no real day. */
export function parseTimestamp(text: string): Date | null {
  const match = ISO.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59)
    return null;
  const milliseconds = Math.round(Number(`0.${fraction || '0'}`) * 1000);
  let epoch = Date.UTC(y, mo - 1, d, h, mi, s, milliseconds);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (offsetMinutes > 18 * 60) return null;
    epoch -= sign * offsetMinutes * 60_000;
  }
  const date = new Date(epoch);
  return date.getUTCFullYear() >= 1 ? date : null;
}

/** YYYY-MM-DDTHH:MM:SS in UTC (what metadata `dates` hold). */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A timestamp from a file name by a Python-style regex with a named group `timestamp` and a
 * strptime format for it (the original's `regex` config key), e.g. Kriged_20090615_x.mat.
 */
export function timestampFromFileName(
  fileName: string,
  pattern: { regex: string; map: Record<string, string> },
): Date | null {
  const format = pattern.map.timestamp;
  if (!format) return null;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern.regex.replace(/\(\?P</g, '(?<'));
  } catch {
    return null;
  }
  const text = regex.exec(fileName)?.groups?.timestamp;
  return text === undefined ? null : parseWithStrptime(text, format);
}

const STRPTIME: Record<string, { digits: string; field: 'Y' | 'm' | 'd' | 'H' | 'M' | 'S' | 'j' }> =
  {
    '%Y': { digits: '(\\d{4})', field: 'Y' },
    '%m': { digits: '(\\d{1,2})', field: 'm' },
    '%d': { digits: '(\\d{1,2})', field: 'd' },
    '%H': { digits: '(\\d{1,2})', field: 'H' },
    '%M': { digits: '(\\d{1,2})', field: 'M' },
    '%S': { digits: '(\\d{1,2})', field: 'S' },
    '%j': { digits: '(\\d{1,3})', field: 'j' },
  };

/** The subset of strptime the original configs use: %Y %m %d %H %M %S %j and literal text. */
export function parseWithStrptime(text: string, format: string): Date | null {
  const fields: Array<(typeof STRPTIME)[string]['field']> = [];
  let source = '^';
  for (let i = 0; i < format.length; i++) {
    const directive = format.slice(i, i + 2);
    const known = STRPTIME[directive];
    if (known) {
      source += known.digits;
      fields.push(known.field);
      i++;
    } else {
      source += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  const match = new RegExp(`${source}$`).exec(text);
  if (!match) return null;
  const value: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  fields.forEach((field, index) => (value[field] = Number(match[index + 1])));
  const { Y = 1900, m = 1, d = 1, H = 0, M = 0, S = 0 } = value;
  if (value.j !== undefined) {
    if (value.j < 1 || value.j > 366) return null;
    return new Date(Date.UTC(Y, 0, value.j, H, M, S));
  }
  return parseTimestamp(
    `${String(Y).padStart(4, '0')}-${pad(m)}-${pad(d)}T${pad(H)}:${pad(M)}:${pad(S)}`,
  );
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
