import { FluxError } from '../../errors.js';
import type { BoundingBox } from '../../mediators/metadata.js';
import type { BuiltDocument, DataDocument, MediatorDefinition } from '../../mediators/types.js';
import { computeExactStats, StatsAccumulator, type ParameterStats } from '../../stats/index.js';

/** What a summary needs of the mediator whose documents it reads: their time and values. */
export type SummarisedShape = Pick<MediatorDefinition, 'timeKey' | 'stored'>;

/**
 * What a dataset's metadata is computed from, gathered from its documents: every time (and
 * span), the bounding box of observations, and exact statistics per parameter. It is fed the
 * documents a load builds, or the documents a dataset already holds.
 */
export class DatasetSummary {
  private readonly times = new Map<number, Date>();
  private readonly spans = new Map<number, number>();
  private readonly accumulators = new Map<string, StatsAccumulator>();
  private box: BoundingBox | null = null;
  documents = 0;

  constructor(
    readonly parameters: string[],
    private readonly shape: SummarisedShape,
  ) {
    for (const parameter of parameters) this.accumulators.set(parameter, new StatsAccumulator());
  }

  addBuilt(built: BuiltDocument): void {
    this.addTimes(built.document);
    for (const parameter of this.parameters) {
      const values = built.values[parameter];
      if (values) (this.accumulators.get(parameter) as StatsAccumulator).add(values);
    }
    this.documents++;
  }

  addStored(document: DataDocument): void {
    this.addTimes(document);
    for (const parameter of this.parameters) {
      for (const values of this.shape.stored.valuesIn(document, parameter)) {
        (this.accumulators.get(parameter) as StatsAccumulator).add(values);
      }
    }
    this.documents++;
  }

  private addTimes(document: DataDocument): void {
    const items = Array.isArray(document.features)
      ? (document.features as DataDocument[])
      : [document];
    for (const item of items) {
      const time = this.shape.timeKey === 'none' ? undefined : item[this.shape.timeKey];
      if (time instanceof Date) {
        this.times.set(time.getTime(), time);
        if (typeof item._span === 'number') this.spans.set(time.getTime(), item._span);
      }
      const point = item.coordinates;
      if (Array.isArray(point)) this.extendBox(Number(point[0]), Number(point[1]));
    }
  }

  private extendBox(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (!this.box) this.box = [x, y, x, y];
    else
      this.box = [
        Math.min(this.box[0], x),
        Math.min(this.box[1], y),
        Math.max(this.box[2], x),
        Math.max(this.box[3], y),
      ];
  }

  /** This summary with another's documents added (the other is left as it was). */
  merge(other: DatasetSummary): DatasetSummary {
    for (const [key, time] of other.times) this.times.set(key, time);
    for (const [key, span] of other.spans) this.spans.set(key, span);
    for (const [parameter, accumulator] of other.accumulators)
      this.accumulators.get(parameter)?.merge(accumulator);
    const box = other.box;
    if (box) {
      this.extendBox(box[0], box[1]);
      this.extendBox(box[2], box[3]);
    }
    this.documents += other.documents;
    return this;
  }

  /**
   * Each parameter's distinct values and counts (what exact statistics are computed from),
   * or null when a histogram overflowed.
   */
  histograms(): Record<string, { values: Float64Array; counts: Float64Array }> | null {
    const out: Record<string, { values: Float64Array; counts: Float64Array }> = {};
    for (const [parameter, accumulator] of this.accumulators) {
      const exported = accumulator.export();
      if (!exported) return null;
      out[parameter] = exported;
    }
    return out;
  }

  /**
   * A summary of stored documents known without reading them: their histograms (a sketch
   * kept since the last load), times, spans and bounding box (from the metadata).
   */
  static known(
    parameters: string[],
    shape: SummarisedShape,
    known: {
      histograms: Record<string, { values: Float64Array; counts: Float64Array }>;
      times: Date[];
      spanOf: (time: Date) => number | undefined;
      box: BoundingBox | null;
      documents: number;
    },
  ): DatasetSummary | null {
    const summary = new DatasetSummary(parameters, shape);
    for (const parameter of parameters) {
      const histogram = known.histograms[parameter];
      if (!histogram) return null;
      const accumulator = StatsAccumulator.fromExport(histogram.values, histogram.counts);
      if (accumulator.overflowed) return null;
      summary.accumulators.set(parameter, accumulator);
    }
    for (const time of known.times) {
      summary.times.set(time.getTime(), time);
      const span = known.spanOf(time);
      if (span !== undefined) summary.spans.set(time.getTime(), span);
    }
    summary.box = known.box;
    summary.documents = known.documents;
    return summary;
  }

  allTimes(): Date[] {
    return [...this.times.values()];
  }

  spanOf(time: Date): number | undefined {
    return this.spans.get(time.getTime());
  }

  boundingBox(): BoundingBox | null {
    return this.box;
  }

  /**
   * Exact statistics per parameter. A parameter with more distinct values than the in-memory
   * histogram holds is computed again in passes over `rescan` (the stored documents).
   */
  async statistics(
    rescan: () => AsyncIterable<DataDocument>,
  ): Promise<Record<string, ParameterStats>> {
    const result: Record<string, ParameterStats> = {};
    const { stored } = this.shape;
    for (const parameter of this.parameters) {
      const accumulator = this.accumulators.get(parameter) as StatsAccumulator;
      if (!accumulator.overflowed) {
        result[parameter] = accumulator.result();
        continue;
      }
      result[parameter] = await computeExactStats(async function* () {
        for await (const document of rescan()) yield* stored.valuesIn(document, parameter);
      });
    }
    return result;
  }
}

export function checkNoDuplicates(times: Date[], what: string): void {
  const seen = new Set<number>();
  for (const time of times) {
    if (seen.has(time.getTime())) {
      throw new FluxError('input', `${what} has the time ${time.toISOString()} twice`);
    }
    seen.add(time.getTime());
  }
}
