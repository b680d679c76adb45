import type { EffectiveConfig } from '../config/effective.js';
import { FluxError } from '../errors.js';
import type {
  BuiltDocument,
  DataDocument,
  MediatorDefinition,
  PreparedData,
  StoredShape,
} from '../mediators/types.js';
import type { Coordinates, ModelInput } from '../models/inputs.js';
import { gridRefusal, offGridWarning } from './coordinates.js';
import { ValueChecks } from './values.js';
import type { DataWarning } from './warning.js';

export { gridRefusal, offGridWarning } from './coordinates.js';
export { ValueChecks, Tally, USUAL_FILL_VALUES, FILL_SHARE, FAR_FACTOR } from './values.js';
export type { CheckId, DataWarning } from './warning.js';

/**
 * A load's data checks (docs/loading.md, "Data checks"), run while its documents are built:
 * the grid's cells are checked once, as the plan is made (a refusal throws a `data` error
 * then, before anything is written); each built document's values are fed to `add`, which
 * keeps counters per step, never the values. A covariance matrix (no grid, no times per
 * document) is not checked.
 */
export class DataChecks {
  private readonly values: ValueChecks | null;
  private readonly early: DataWarning[];

  constructor(
    private readonly mode: 'steps' | 'pooled' | 'none',
    parameters: readonly string[],
    early: DataWarning[] = [],
  ) {
    this.values = mode === 'none' ? null : new ValueChecks(parameters, mode);
    this.early = early;
  }

  /** Whether the documents should be built with their counters (`documents(keep, {tally})`). */
  get tally(): boolean {
    return this.mode === 'steps';
  }

  /** Feeds one built document (what the load writes, or the dry run would). */
  add(built: BuiltDocument): void {
    if (!this.values) return;
    const time = built.document._id;
    this.values.addStep(time instanceof Date ? time : null, built.values, built.tallies);
  }

  /** Every warning so far: the grid's, the model's, then the values'. */
  warnings(): DataWarning[] {
    return [...this.early, ...(this.values?.warnings() ?? [])];
  }
}

/** What a load plan's checks need: the model's input, the mediator, its data and config. */
export interface CheckedLoad {
  input: ModelInput;
  mediator: Pick<MediatorDefinition, 'timeKey'>;
  data: PreparedData;
  config: EffectiveConfig;
}

/**
 * The checks of a planned load: refuses a grid whose cells cannot be right (throws a `data`
 * FluxError naming the rows, `where` first), and returns the checks to feed its documents.
 */
export function startChecks(load: CheckedLoad, where: string): DataChecks {
  const { input, mediator, data, config } = load;
  const early: DataWarning[] = [];
  if (input.kind === 'grid-series') {
    const refusal = gridRefusal(input.coordinates, config.values.grid.units);
    if (refusal) throw new FluxError('data', `${where}: ${refusal}; nothing was written`);
    const offGrid = offGridWarning(input.coordinates, config.values.grid);
    if (offGrid) early.push(offGrid);
    early.push(...(input.warnings ?? []));
  }
  const mode =
    mediator.timeKey === '_id' ? 'steps' : mediator.timeKey === 'timestamp' ? 'pooled' : 'none';
  return new DataChecks(mode, data.parameters, early);
}

/** The same checks over a stored dataset (`db -a --deep`), fed its documents as it is scanned. */
export interface StoredChecks {
  add(document: DataDocument): void;
  warnings(): DataWarning[];
}

/**
 * The data checks of a stored grid (per step, and its coord_index: what a load refuses is a
 * `grid-cells` warning here) or of stored observations (pooled).
 */
export function storedChecks(stored: {
  shape: Pick<StoredShape, 'family' | 'valuesIn'>;
  parameters: readonly string[];
  coordinates: Coordinates | null;
  grid: unknown;
}): StoredChecks {
  const { shape, parameters, coordinates } = stored;
  const grid = (
    typeof stored.grid === 'object' && stored.grid !== null ? stored.grid : {}
  ) as Record<string, unknown>;
  const early: DataWarning[] = [];
  if (coordinates) {
    const refusal = gridRefusal(coordinates, grid.units);
    if (refusal) early.push({ check: 'grid-cells', message: refusal });
    const offGrid = offGridWarning(coordinates, grid);
    if (offGrid) early.push(offGrid);
  }
  const gridded = shape.family === 'grid';
  const values = new ValueChecks(parameters, gridded ? 'steps' : 'pooled');
  return {
    add(document) {
      if (gridded) {
        const time = document._id instanceof Date ? document._id : null;
        const step: Record<string, ArrayLike<number | null>> = {};
        for (const parameter of parameters)
          step[parameter] = shape.valuesIn(document, parameter)[0] ?? [];
        values.addStep(time, step);
        return;
      }
      for (const parameter of parameters)
        for (const observed of shape.valuesIn(document, parameter))
          values.addStep(null, { [parameter]: observed });
    },
    warnings: () => [...early, ...values.warnings()],
  };
}
