import type { EffectiveConfig } from '../config/effective.js';
import type { Coordinates, InputKind, ModelInput } from '../models/inputs.js';
import type { BoundingBox } from './metadata.js';
import type { DatasetMetadata, StoredStats } from '../metadata.js';
import type { Tally } from '../checks/values.js';

/** A document as the store writes it: plain values, Dates and arrays of numbers or nulls. */
export type DataDocument = Record<string, unknown>;

export interface BuiltDocument {
  document: DataDocument;
  /** The values stored per parameter (rounded; NaN as null, or as a hole), for the statistics. */
  values: Record<string, ArrayLike<number | null | undefined>>;
  /** BSON bytes of the document (exact for the shapes built here). */
  bytes: number;
  valueCount: number;
  /**
   * Per parameter, the data checks' counters of the stored values, kept as they were rounded
   * (asked for with `documents(keep, { tally: true })`): the checks read no value again.
   */
  tallies?: Record<string, Tally>;
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
  /**
   * Documents of the times kept (all of them unless some are skipped); `tally`: with the data
   * checks' counters (grids; other mediators leave them to the checks).
   */
  documents(
    keep?: (time: Date) => boolean,
    options?: { tally?: boolean },
  ): AsyncIterable<BuiltDocument>;
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

/** The values of one parameter in a stored document: one array, or one per observation. */
export type StoredParameterValues = Array<ArrayLike<number | null>>;

/**
 * How a mediator's datasets look once stored: what the audit, the preview, a rebuild and an
 * append read, without asking which mediator wrote them by name.
 */
export interface StoredShape {
  /**
   * grid: one document per time, an array per parameter in coord_index order; observations:
   * a document per observation (or one of features); matrix: one document per column, no grid.
   */
  family: 'grid' | 'observations' | 'matrix';
  /** Whether a stored dataset's metadata is of this kind (MEDIATORS' order decides ties). */
  recognises(metadata: DatasetMetadata): boolean;
  /** Every time the metadata lists, oldest first (Grid4D: the series [first, last] describes). */
  listedTimes(metadata: DatasetMetadata): Date[];
  /** The parameters a stored document holds. */
  parametersIn(document: DataDocument): string[];
  /** One parameter's values in a stored document. */
  valuesIn(document: DataDocument, parameter: string): StoredParameterValues;
}

/** A stored dataset read back: what a mediator's inverse turns into its model's input. */
export interface StoredDataset {
  metadata: DatasetMetadata;
  /** coord_index (grids), or null. */
  coordinates: Coordinates | null;
  /** Every document, a grid's and a matrix's in time (column) order. */
  documents(): AsyncIterable<DataDocument>;
}

export interface MediatorDefinition<Name extends string = string> {
  name: Name;
  description: string;
  accepts: InputKind;
  timeKey: TimeKey;
  /** Whether loading into an existing dataset is possible at all. */
  appendable: boolean;
  prepare(input: ModelInput, config: EffectiveConfig): PreparedData;
  /** Why these times cannot join a dataset with this metadata, or null (e.g. Grid4D's regular series). */
  appendProblem?(previous: DatasetMetadata, added: Date[], config: EffectiveConfig): string | null;
  metadata(state: DatasetState): DatasetMetadata;
  stored: StoredShape;
  /**
   * Documents back to the input they were built from (values as stored: rounded, null as
   * NaN): what export writes out as the model's matrix.
   */
  inverse(dataset: StoredDataset): Promise<ModelInput>;
}
