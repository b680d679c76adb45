import { FluxError } from '../../errors.js';
import type { CatalogStore, CollectionStore, DocumentStore } from '../../store.js';
import { formatTimestamp, parseTimestamp } from '../../time/timestamps.js';
import type { Coordinates } from '../../models/inputs.js';
import type { ExistingPolicy, FilePlan } from './plan.js';
import type { DatasetMetadata } from '../../metadata.js';

/** What a load will do to the dataset as it is now. */
export interface TargetPlan {
  mode: 'new' | 'append';
  previousMetadata: DatasetMetadata | null;
  /** Times of this load already in the dataset. */
  conflicts: Date[];
  /** Times this load writes. */
  kept: Date[];
  replaced: Date[];
  skipped: Date[];
}

/** A load brings times the dataset already has, and was not told to skip or replace them. */
export class ExistingTimesError extends FluxError {
  constructor(
    dataset: string,
    readonly times: Date[],
  ) {
    const shown = times.slice(0, 3).map(formatTimestamp).join(', ');
    super(
      'data',
      `dataset "${dataset}" already has ${times.length === 1 ? 'the time' : `${times.length} of these times, e.g.`} ${shown}; use --skip-existing to load only the new times or --replace to overwrite them`,
    );
    this.name = 'ExistingTimesError';
  }
}

const FIX_ADVICE = 'run `flux-manage db -a` to see what is wrong and `db -a --fix` to repair it';

/**
 * What a load may know of the stored dataset without asking the store: which of its times
 * the dataset holds (a grid's; from its metadata, or a pass it makes anyway), and whether its
 * grid is the stored one (from the statistics sketch). The default asks the store.
 */
export interface StoredKnowledge {
  existingTimes(times: Date[], previousMetadata: DatasetMetadata): Promise<Date[]>;
  /** True when the stored grid is known to be exactly these coordinates; else the entry is read. */
  sameGrid?(coordinates: Coordinates, previousMetadata: DatasetMetadata): Promise<boolean>;
}

/** Decides new or append, and checks an append: same grid, compatible times, conflicts. */
export async function planTarget(
  plan: FilePlan,
  store: CollectionStore & CatalogStore & DocumentStore,
  policy: ExistingPolicy,
  knowledge: StoredKnowledge = {
    existingTimes: (times) => store.existingTimes(plan.request.name, '_id', times),
  },
): Promise<TargetPlan> {
  const { name } = plan.request;
  const [exists, previousMetadata] = await Promise.all([
    store.collectionExists(name),
    store.readMetadata(name),
  ]);
  const times = plan.data.times;

  if (!exists && !previousMetadata) {
    const staleCoordinates = plan.data.coordinates ? await store.coordIndexExists(name) : false;
    if (staleCoordinates)
      throw new FluxError(
        'data',
        `coord_index has an entry for "${name}" but there is no such dataset; ${FIX_ADVICE}`,
      );
    return {
      mode: 'new',
      previousMetadata: null,
      conflicts: [],
      kept: times,
      replaced: [],
      skipped: [],
    };
  }
  if (!exists)
    throw new FluxError(
      'data',
      `metadata has an entry for "${name}" but its data collection is missing; ${FIX_ADVICE}`,
    );
  if (!previousMetadata)
    throw new FluxError('data', `dataset "${name}" has no metadata entry; ${FIX_ADVICE}`);

  const { mediator, config } = plan;
  if (!mediator.appendable) {
    throw new FluxError(
      'data',
      `dataset "${name}" exists, and a ${mediator.name} dataset holds one load; remove it or choose a new name`,
    );
  }
  if (previousMetadata.gridded !== config.values.gridded) {
    throw new FluxError(
      'data',
      `dataset "${name}" is ${previousMetadata.gridded ? 'gridded' : 'not gridded'} but this load is ${config.values.gridded ? 'gridded' : 'not'}`,
    );
  }
  const coordinates = plan.data.coordinates;
  const known = coordinates && (await knowledge.sameGrid?.(coordinates, previousMetadata));
  if (mediator.timeKey === '_id' && coordinates && !known) {
    const stored = await store.readCoordIndex(name);
    if (!stored)
      throw new FluxError('data', `dataset "${name}" has no coord_index entry; ${FIX_ADVICE}`);
    const difference = gridDifference(stored, coordinates);
    if (difference)
      throw new FluxError(
        'input',
        `${plan.file.name}: its grid differs from dataset "${name}"'s coord_index: ${difference}`,
      );
  }

  const conflicts =
    mediator.timeKey === '_id'
      ? await knowledge.existingTimes(times, previousMetadata)
      : mediator.timeKey === 'timestamp'
        ? timesInMetadata(previousMetadata, times)
        : [];
  if (conflicts.length > 0 && policy === 'error') throw new ExistingTimesError(name, conflicts);
  const conflictSet = new Set(conflicts.map((time) => time.getTime()));
  const kept = policy === 'skip' ? times.filter((time) => !conflictSet.has(time.getTime())) : times;
  const problem = mediator.appendProblem?.(previousMetadata, kept, config);
  if (problem) throw new FluxError('data', `cannot append to "${name}": ${problem}`);
  return {
    mode: 'append',
    previousMetadata,
    conflicts,
    kept,
    replaced: policy === 'replace' ? conflicts : [],
    skipped: policy === 'skip' ? conflicts : [],
  };
}

function timesInMetadata(metadata: DatasetMetadata, times: Date[]): Date[] {
  const dates = Array.isArray(metadata.dates) ? metadata.dates : [];
  const known = new Set(dates.map((text) => parseTimestamp(String(text))?.getTime()));
  return times.filter((time) => known.has(time.getTime()));
}

function gridDifference(
  stored: Array<[number, number]>,
  incoming: Array<[number, number]>,
): string | null {
  if (stored.length !== incoming.length)
    return `${incoming.length} cells instead of ${stored.length}`;
  for (let index = 0; index < stored.length; index++) {
    const [a, b] = [stored[index] as [number, number], incoming[index] as [number, number]];
    if (!Object.is(a[0], b[0]) && a[0] !== b[0])
      return `cell ${index + 1} is (${b[0]}, ${b[1]}), not (${a[0]}, ${a[1]})`;
    if (!Object.is(a[1], b[1]) && a[1] !== b[1])
      return `cell ${index + 1} is (${b[0]}, ${b[1]}), not (${a[0]}, ${a[1]})`;
  }
  return null;
}
