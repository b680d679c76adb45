import { addSeconds, parseTimestamp } from '../time/timestamps.js';
import type { DatasetMetadata } from '../metadata.js';

/**
 * Every time of a dataset, oldest first, as its metadata describes them: Grid4D metadata
 * gives [first, last] and the steps between (`range`), the others every date. Without
 * `range`, metadata with steps, no spans and two dates is read as a range.
 */
export function storedTimes(metadata: DatasetMetadata, range?: boolean): Date[] {
  const dates = (Array.isArray(metadata.dates) ? metadata.dates : [])
    .map((text) => parseTimestamp(String(text)))
    .filter((date): date is Date => date !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  const steps = metadata.steps;
  const isRange =
    range ??
    (!Array.isArray(metadata.spans) &&
      Array.isArray(steps) &&
      metadata.gridded !== false &&
      dates.length === 2);
  if (isRange && Array.isArray(steps) && dates.length === 2) {
    const [first, last] = dates as [Date, Date];
    const step = Number(steps[0]);
    if (step > 0) {
      const count = Math.round((last.getTime() - first.getTime()) / 1000 / step) + 1;
      return Array.from({ length: count }, (_, k) => addSeconds(first, k * step));
    }
  }
  return dates;
}

/** The times the metadata describes, read as the preview and the audit read them. */
export function datasetTimes(metadata: DatasetMetadata): Date[] {
  return storedTimes(metadata);
}
