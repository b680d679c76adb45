/**
 * Seconds in a pandas-style frequency code, as the original configs wrote spans: "3H", "1D",
 * "6D", "1M". A month counts as 30 days and a year as 365: a span is a length, not a calendar
 * position, and the Carbon Data Explorer only uses it as one.
 */
const UNIT_SECONDS: Record<string, number> = {
  S: 1,
  T: 60,
  MIN: 60,
  H: 3600,
  D: 86_400,
  W: 7 * 86_400,
  M: 30 * 86_400,
  MS: 30 * 86_400,
  A: 365 * 86_400,
  Y: 365 * 86_400,
  AS: 365 * 86_400,
  YS: 365 * 86_400,
};

export const FREQUENCY_UNITS = Object.keys(UNIT_SECONDS);

/** Seconds for a code like "3H", or null when the code is not one. */
export function frequencySeconds(code: string): number | null {
  const match = /^\s*(\d+)?\s*([A-Za-z]+)\s*$/.exec(code);
  if (!match) return null;
  const count = match[1] === undefined ? 1 : Number(match[1]);
  const unit = UNIT_SECONDS[(match[2] as string).toUpperCase()];
  if (unit === undefined || count <= 0) return null;
  return count * unit;
}
