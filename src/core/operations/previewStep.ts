import { formatTimestamp, parseTimestamp } from '../time/timestamps.js';

/** The step typed text means, and what the operator should be told about it; or why none. */
export type StepChoice = { index: number; note: string | null } | { problem: string };

/**
 * The step an operator means by what they typed in the preview, among `times` (metadata form,
 * `YYYY-MM-DDTHH:MM:SS`, oldest first):
 * - a whole number from 1 to the number of steps is a step number;
 * - otherwise the first time that begins with the text as typed, a space allowed for the "T"
 *   (`2004-06-30T03`, `2004-06-30 03:00`, `2004-07`, `2004`);
 * - otherwise a date or date-time (ISO 8601, naive means UTC) is the nearest time, and the
 *   note says it was not there.
 */
export function previewStepFor(times: readonly string[], typed: string): StepChoice {
  const count = times.length;
  if (count === 0) return { problem: 'this dataset has no time steps' };
  const text = typed.trim().replace(/^(\d{4}-\d{2}-\d{2}) +/, '$1T');
  const [number, date] = [`a step number (1 to ${count})`, `a date such as ${times[0]}`];
  if (text === '') return { problem: `type ${number} or ${date}` };
  if (/^\d+$/.test(text)) {
    const step = Number(text);
    if (step >= 1 && step <= count) return { index: step - 1, note: null };
    if (text.length !== 4)
      return { problem: `there is no step ${text}: the steps are 1 to ${count}` };
  }
  const starting = times.findIndex((time) => time.startsWith(text));
  if (starting >= 0) return { index: starting, note: null };
  const parsed = parseTimestamp(text);
  if (!parsed) return { problem: `"${typed.trim()}" is neither ${number} nor ${date}` };
  let nearest = 0;
  let distance = Infinity;
  times.forEach((time, index) => {
    const away = Math.abs(Date.parse(`${time}Z`) - parsed.getTime());
    if (away < distance) [nearest, distance] = [index, away];
  });
  const exact = distance === 0;
  return {
    index: nearest,
    note: exact
      ? null
      : `no step at ${formatTimestamp(parsed)}: the nearest is step ${nearest + 1}, ${times[nearest]}`,
  };
}
