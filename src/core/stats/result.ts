/** SPEC 4's statistics of one parameter; null where there are no values (std: fewer than two). */
export interface ParameterStats {
  mean: number | null;
  min: number | null;
  max: number | null;
  std: number | null;
  median: number | null;
}

export const EMPTY_STATS: ParameterStats = {
  mean: null,
  min: null,
  max: null,
  std: null,
  median: null,
};

export type ValueChunk = ArrayLike<number | null | undefined>;
