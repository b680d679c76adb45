import type { DatasetMetadata } from '../metadata.js';
import { addSeconds, parseTimestamp } from '../time/timestamps.js';

/** Every date a metadata document lists, oldest first (unreadable ones left out). */
export function listedDates(metadata: DatasetMetadata): Date[] {
  return (Array.isArray(metadata.dates) ? metadata.dates : [])
    .map((text) => parseTimestamp(String(text)))
    .filter((date): date is Date => date !== null)
    .sort((a, b) => a.getTime() - b.getTime());
}

/**
 * The times of a series described as [first, last] every steps[0] seconds (Grid4D metadata),
 * oldest first; the dates as listed when the metadata does not describe one.
 */
export function seriesTimes(metadata: DatasetMetadata): Date[] {
  const dates = listedDates(metadata);
  const steps = metadata.steps;
  if (!Array.isArray(steps) || dates.length !== 2) return dates;
  const [first, last] = dates as [Date, Date];
  const step = Number(steps[0]);
  if (!(step > 0)) return dates;
  const count = Math.round((last.getTime() - first.getTime()) / 1000 / step) + 1;
  return Array.from({ length: count }, (_, k) => addSeconds(first, k * step));
}

/**
 * Whether metadata reads as a Grid4D series: steps and no spans, two dates, gridded. Metadata
 * another tool wrote carries no mediator name, so this is what tells the kinds apart.
 */
export function describesSeries(metadata: DatasetMetadata): boolean {
  return (
    !Array.isArray(metadata.spans) &&
    Array.isArray(metadata.steps) &&
    metadata.gridded !== false &&
    listedDates(metadata).length === 2
  );
}
