import type { DatasetMetadata } from '../../metadata.js';
import type { Coordinates } from '../../models/inputs.js';
import type { DatasetStore } from '../../store.js';
import { settle, unwrap } from '../../util/settle.js';
import type { FilePlan } from './plan.js';
import {
  gridFingerprint,
  knownFromSketch,
  usableStatistics,
  type KnownFromSketch,
} from './sketch.js';
import { DatasetSummary } from './summary.js';
import type { StoredKnowledge, TargetPlan } from './target.js';

/** What one pass over the stored documents learnt: their times, and their values summarised. */
interface Scanned {
  times: Date[];
  /** The documents of times this load does not bring. */
  others: DatasetSummary;
  /** The documents of times this load brings (which it may skip, keeping them, or replace). */
  overlapping: DatasetSummary;
}

/** The times of `times` that are in `stored`. */
function intersectTimes(times: Date[], stored: Date[]): Date[] {
  const known = new Set(stored.map((time) => time.getTime()));
  return times.filter((time) => known.has(time.getTime()));
}

/**
 * A cache of what an append knows about the documents already stored, each fact read as
 * little as possible and once: from the statistics sketch the last load kept, when it still
 * describes them (sketch.ts); else, on a server without an index on times (FerretDB v1), from
 * one pass over them (their times and values at once); else (MongoDB) their times from the
 * index and their values in one pass while the new documents are written. Never a query per
 * time.
 */
export class StoredDatasetCache implements StoredKnowledge {
  private sketch: Promise<KnownFromSketch | null> | null = null;
  private scanned: Scanned | null = null;

  /** `dry`: a dry run, which writes nothing and reads no stored data (the metadata instead). */
  constructor(
    private readonly plan: FilePlan,
    private readonly store: DatasetStore,
    private readonly dry: boolean,
  ) {}

  private fromSketch(previous: DatasetMetadata): Promise<KnownFromSketch | null> {
    const { mediator, data } = this.plan;
    this.sketch ??= knownFromSketch(this.store, mediator, data.parameters, previous);
    return this.sketch;
  }

  /** Which of these times the dataset holds (planTarget's question, for a grid). */
  async existingTimes(times: Date[], previous: DatasetMetadata): Promise<Date[]> {
    const known = await this.fromSketch(previous);
    if (known) return intersectTimes(times, known.summary.allTimes());
    if ((await this.store.serverInfo()).indexedTimes)
      return this.store.existingTimes(this.plan.request.name, '_id', times);
    // Without an index on times, checking them reads the dataset: a dry run takes them from
    // the metadata; the real run reads the dataset once, for its statistics as well.
    if (this.dry) return intersectTimes(times, this.plan.mediator.stored.listedTimes(previous));
    this.scanned = await this.scan();
    return intersectTimes(times, this.scanned.times);
  }

  /** The stored grid is these coordinates if the sketch (valid) recorded the same grid. */
  async sameGrid(coordinates: Coordinates, previous: DatasetMetadata): Promise<boolean> {
    const known = await this.fromSketch(previous);
    return (
      known !== null && known.grid !== undefined && known.grid === gridFingerprint(coordinates)
    );
  }

  /**
   * The stored documents the dataset keeps after this append, summarised; asked before the
   * write starts (the sketch is checked against the record count before new documents count).
   * A pass that is still needed runs while the new documents are written.
   */
  async summary(target: TargetPlan): Promise<() => Promise<DatasetSummary>> {
    const previous = target.previousMetadata ?? { _id: this.plan.request.name };
    const known = usableStatistics(await this.fromSketch(previous), target.replaced);
    if (known) return () => Promise.resolve(known);
    const scanned = this.scanned;
    if (scanned) {
      const kept = target.skipped.length
        ? scanned.others.merge(scanned.overlapping)
        : scanned.others;
      return () => Promise.resolve(kept);
    }
    const pass = settle(this.summarizeKept(target));
    return () => unwrap(pass);
  }

  private newSummary(): DatasetSummary {
    return new DatasetSummary(this.plan.data.parameters, this.plan.mediator);
  }

  /** One pass over the stored documents: their times, and their values summarised apart. */
  private async scan(): Promise<Scanned> {
    const { data, request } = this.plan;
    const incoming = new Set(data.times.map((time) => time.getTime()));
    const scanned: Scanned = {
      times: [],
      others: this.newSummary(),
      overlapping: this.newSummary(),
    };
    for await (const document of this.store.scanDocuments(request.name, [])) {
      const time = document._id;
      if (!(time instanceof Date)) continue;
      scanned.times.push(time);
      (incoming.has(time.getTime()) ? scanned.overlapping : scanned.others).addStored(document);
    }
    return scanned;
  }

  /**
   * The stored documents an append keeps, summarised in one pass: every document but those of
   * the times this load writes (replaced ones were deleted before; new ones may be arriving).
   */
  private async summarizeKept(target: TargetPlan): Promise<DatasetSummary> {
    const { mediator, request } = this.plan;
    const summary = this.newSummary();
    const written = new Set(target.kept.map((time) => time.getTime()));
    const timeField = mediator.timeKey === 'timestamp' ? 'timestamp' : '_id';
    for await (const document of this.store.scanDocuments(request.name, [])) {
      const time = document[timeField];
      if (time instanceof Date && written.has(time.getTime())) continue;
      summary.addStored(document);
    }
    return summary;
  }
}
