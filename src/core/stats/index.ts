import { StatsAccumulator } from './histogram.js';
import { radixStats, type ValueSource } from './radixSelect.js';
import type { ParameterStats } from './result.js';

export { StatsAccumulator, DEFAULT_DISTINCT_LIMIT } from './histogram.js';
export { ExactSum, twoProduct } from './exactSum.js';
export { radixStats, type ValueSource } from './radixSelect.js';
export type { ParameterStats, ValueChunk } from './result.js';

/**
 * Exact statistics over a source that can be read again: one pass with the distinct-value
 * histogram, and the multi-pass fallback only when there are too many distinct values.
 */
export async function computeExactStats(
  source: ValueSource,
  limit?: number,
): Promise<ParameterStats> {
  const accumulator = new StatsAccumulator(limit);
  for await (const chunk of source()) {
    accumulator.add(chunk);
    if (accumulator.overflowed) break;
  }
  return accumulator.overflowed ? radixStats(source) : accumulator.result();
}
