/** A verify report with two differences, for screens and the model: the rest is the caller's. */
import type { VerifyReport } from '#core/operations/verify.js';

export function differingReport(
  given: Pick<VerifyReport, 'dataset' | 'file' | 'times' | 'valuesCompared'>,
): VerifyReport {
  return {
    ...given,
    valuesDiffering: 2,
    differences: [
      {
        kind: 'value',
        time: '2004-06-30T03:00:00',
        parameter: 'values',
        cell: 17,
        x: -150.5,
        y: 60.5,
        stored: 0.25,
        file: 0.5,
      },
      {
        kind: 'value',
        time: '2004-06-30T06:00:00',
        parameter: 'values',
        cell: 3,
        x: -120.5,
        y: 30.5,
        stored: null,
        file: 1,
      },
    ],
    truncated: false,
    equal: false,
    elapsedMs: 300,
  };
}
