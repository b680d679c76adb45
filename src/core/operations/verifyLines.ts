import type { Difference } from './verify.js';

/** One difference verify found, as the CLI prints it and the UI lists it. */
export function differenceLine(difference: Difference): string {
  const json = (value: unknown) => JSON.stringify(value ?? null);
  switch (difference.kind) {
    case 'metadata':
      return `metadata ${difference.parameter}: stored ${json(difference.stored)}, file ${json(difference.file)}`;
    case 'grid':
      return difference.cell === undefined
        ? `grid: stored ${String(difference.stored)}, file ${String(difference.file)}`
        : `grid cell ${difference.cell}: stored ${json(difference.stored)}, file ${json(difference.file)}`;
    case 'missing':
      return `${difference.time}: in the file, no document in the dataset`;
    case 'value': {
      const where =
        difference.cell !== undefined
          ? `cell ${difference.cell} (${difference.x}, ${difference.y})`
          : `(${difference.x}, ${difference.y})`;
      return `${difference.time} ${difference.parameter} ${where}: stored ${json(difference.stored)}, file ${json(difference.file)}`;
    }
  }
}
