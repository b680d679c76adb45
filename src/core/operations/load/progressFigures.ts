import type { LoadPhase } from './execute.js';

/** What a load's progress amounts to, for a progress bar and its figures. */
export interface ProgressFigures {
  /** Documents written of those to write, 0 to 1 (0 while the total is unknown or zero). */
  fraction: number;
  /** The fraction in whole percent, rounded down (100 only when everything is written). */
  percent: number;
  documentsPerSecond: number;
  valuesPerSecond: number;
  /** Seconds left at the rate so far; NaN until something is written. */
  etaSeconds: number;
  elapsedSeconds: number;
}

/** The figures of a load's writing phase: how far, how fast, how long left. */
export function progressFigures(
  progress: Extract<LoadPhase, { phase: 'writing' }>,
): ProgressFigures {
  const { documents, totalDocuments, values, elapsedMs } = progress;
  const fraction = totalDocuments ? documents / totalDocuments : 0;
  return {
    fraction,
    percent: Math.floor(fraction * 100),
    documentsPerSecond: perSecond(documents, elapsedMs),
    valuesPerSecond: perSecond(values, elapsedMs),
    etaSeconds: fraction > 0 ? (elapsedMs / 1000) * (1 / fraction - 1) : NaN,
    elapsedSeconds: elapsedMs / 1000,
  };
}

function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}
