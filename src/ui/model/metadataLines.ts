import { statsOf, type DatasetMetadata } from '#core/metadata.js';
import { describeValue, formatNumber } from '../format.js';

/** The metadata pane's lines: title, dates, steps or spans, grid, bbox, units, statistics. */
export function metadataLines(metadata: DatasetMetadata): string[] {
  const lines: string[] = [];
  const field = (label: string, value: unknown) =>
    lines.push(`${label.padEnd(9)} ${describeValue(value)}`);
  field('title', metadata.title || '(none)');
  // Oldest first whatever the stored order (observation datasets keep theirs newest first).
  const dates = (Array.isArray(metadata.dates) ? metadata.dates : []).map(String).sort();
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
    const spans = Array.isArray(metadata.spans) ? metadata.spans : [];
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
  for (const [parameter, values] of Object.entries(statsOf(metadata))) {
    lines.push(`stats ${parameter}:`);
    lines.push(`  mean   ${formatNumber(values.mean)}`);
    lines.push(`  std    ${formatNumber(values.std)}`);
    lines.push(`  median ${formatNumber(values.median)}`);
    lines.push(`  min    ${formatNumber(values.min)}  max ${formatNumber(values.max)}`);
  }
  return lines;
}
