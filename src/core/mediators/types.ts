import type { EffectiveConfig } from '../config/effective.js';
import type { Coordinates, InputKind, ModelInput } from '../models/inputs.js';
import type { BoundingBox } from './metadata.js';
import type { MediatorName } from '../models/types.js';
import type { DatasetMetadata, StoredStats } from '../metadata.js';

/** A document as the store writes it: plain values, Dates and arrays of numbers or nulls. */
export type DataDocument = Record<string, unknown>;

export interface BuiltDocument {
  document: DataDocument;
  /** The values stored per parameter (rounded; NaN as null, or as a hole), for the statistics. */
  values: Record<string, ArrayLike<number | null | undefined>>;
  /** BSON bytes of the document (exact for the shapes built here). */
  bytes: number;
  valueCount: number;
}

/** How the times of a dataset are found in its documents. */
export type TimeKey = '_id' | 'timestamp' | 'none';

export interface PreparedData {
  coordinates: Coordinates | null;
  /** Distinct times this load adds, in the order the documents come. */
  times: Date[];
  documentCount: number;
  /** The largest document's BSON size (exact or a safe upper bound). */
  maxDocumentBytes: number;
  parameters: string[];
  /** Fields this kind of dataset adds to its metadata (CovarianceMediator: its size). */
  metadataExtra?: Record<string, unknown>;
  /** Documents of the times kept (all of them unless some are skipped). */
  documents(keep?: (time: Date) => boolean): AsyncIterable<BuiltDocument>;
}

/** A mediator's view of a whole dataset, after this load: what metadata is built from. */
export interface DatasetState {
  name: string;
  config: EffectiveConfig;
  /** Every time in the dataset after the load, in any order. */
  times: Date[];
  /** Seconds each time spans, when known (Grid3D keeps one per date). */
  spanOf: (time: Date) => number | undefined;
  /** [minx, miny, maxx, maxy]; null when nothing has coordinates; absent for datasets without any. */
  bbox?: BoundingBox | null;
  stats: StoredStats;
  extra?: Record<string, unknown>;
}

export interface MediatorDefinition {
  name: MediatorName;
  description: string;
  accepts: InputKind;
  timeKey: TimeKey;
  /** Whether loading into an existing dataset is possible at all. */
  appendable: boolean;
  prepare(input: ModelInput, config: EffectiveConfig): PreparedData;
  /** Why these times cannot join a dataset with this metadata, or null (e.g. Grid4D's regular series). */
  appendProblem?(previous: DatasetMetadata, added: Date[], config: EffectiveConfig): string | null;
  metadata(state: DatasetState): DatasetMetadata;
}
