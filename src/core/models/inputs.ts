/**
 * What a model makes of a matrix, in the shapes the mediators consume. Values are already
 * formatted by the config's `formats` (and transformed, e.g. sqrt of kriging variances);
 * mediators round to `precision` and store NaN as null.
 */
import type { DataWarning } from '../checks/warning.js';

export type Coordinates = Array<[number, number]>;

/** A grid of cells observed at one or more times: SpatioTemporalMatrix, KrigedXCO2Matrix. */
export interface GridSeries {
  kind: 'grid-series';
  coordinates: Coordinates;
  parameters: string[];
  /** The time of each frame, in file order. */
  times: Date[];
  /**
   * Why the times are not one series every `steps[0]` seconds, when they are not (a NetCDF
   * time axis): Grid4DMediator, whose metadata lists only [first, last], refuses them.
   */
  irregular?: string;
  /** Grid cells left out of coordinates because they are missing at every time (a mask). */
  leftOut?: number;
  /** Seconds each frame spans, when the model has spans (Grid3D stores it as _span). */
  span?: number;
  /** One frame per time, in order; each parameter holds a value per cell. */
  frames(): AsyncIterable<GridFrame>;
  /** What the model found doubtful as it read the file (KrigedXCO2Matrix: negative errors). */
  warnings?: DataWarning[];
}

export interface GridFrame {
  time: Date;
  values: Record<string, Float64Array>;
  /** A stored frame's own span (`_span`), when a mediator's inverse reads one back. */
  span?: number;
}

/** Observations at arbitrary points, each with its own time: XCO2Matrix. */
export interface ObservationSet {
  kind: 'observations';
  coordinates: Coordinates;
  times: Date[];
  parameters: string[];
  values: Record<string, Float64Array>;
  /** The geometry they were stored as, when a mediator's inverse reads it back (MultiPoint). */
  geometry?: { type: string };
}

/** A square matrix with no coordinates: CovarianceMatrix. */
export interface SquareMatrix {
  kind: 'square-matrix';
  size: number;
  time: Date;
  parameters: string[];
  columns(): AsyncIterable<Float64Array>;
}

export type ModelInput = GridSeries | ObservationSet | SquareMatrix;
export type InputKind = ModelInput['kind'];
