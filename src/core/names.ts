import { FluxError } from './errors.js';

/** Collections the Carbon Data Explorer itself reads or caches; never datasets. */
export const METADATA = 'metadata';
export const COORD_INDEX = 'coord_index';
export const SUMMARY_STATS = 'summary_stats';
export const RESERVED_NAMES: readonly string[] = [METADATA, COORD_INDEX, SUMMARY_STATS];
/** The web API caches a dataset's geometry in `_geom_<dataset>`. */
export const GEOMETRY_PREFIX = '_geom_';
/** flux-manage's own bookkeeping (journal, staging collections of loads in progress). */
export const INTERNAL_PREFIX = '_fluxmanage_';
export const MAX_DATASET_NAME_LENGTH = 100;

export type CollectionRole = 'dataset' | 'reserved' | 'geometry' | 'internal' | 'system';

export function collectionRole(name: string): CollectionRole {
  if (name.startsWith('system.')) return 'system';
  if (RESERVED_NAMES.includes(name)) return 'reserved';
  if (name.startsWith(GEOMETRY_PREFIX)) return 'geometry';
  if (name.startsWith(INTERNAL_PREFIX)) return 'internal';
  return 'dataset';
}

export function geometryCollectionOf(dataset: string): string {
  return `${GEOMETRY_PREFIX}${dataset}`;
}

/**
 * Why a name cannot be a dataset, or null when it can. Covers what MongoDB forbids in a
 * collection name and what this tool keeps for itself.
 */
export function datasetNameProblem(name: string): string | null {
  if (name.length === 0) return 'the name is empty';
  if (name.trim() !== name) return 'the name starts or ends with white space';
  if (name.length > MAX_DATASET_NAME_LENGTH) {
    return `the name is ${name.length} characters long; the limit is ${MAX_DATASET_NAME_LENGTH}`;
  }
  if (name.includes('\0')) return 'the name contains a NUL character';
  if (name.includes('$'))
    return 'the name contains "$", which MongoDB does not allow in collection names';
  if ([...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    return 'the name contains a control character';
  }
  switch (collectionRole(name)) {
    case 'system':
      return 'names starting with "system." belong to MongoDB';
    case 'reserved':
      return `"${name}" is reserved for the Carbon Data Explorer (${RESERVED_NAMES.join(', ')})`;
    case 'geometry':
      return `names starting with "${GEOMETRY_PREFIX}" are the web API's geometry caches`;
    case 'internal':
      return `names starting with "${INTERNAL_PREFIX}" are flux-manage's own bookkeeping`;
    case 'dataset':
      break;
  }
  // MongoDB reads a dot as a namespace separator; one segment keeps every tool's view the same.
  if (name.includes('.')) return 'the name contains ".", which is not allowed in a dataset name';
  return null;
}

export function assertDatasetName(name: string, what = 'dataset name'): void {
  const problem = datasetNameProblem(name);
  if (problem) throw new FluxError('input', `invalid ${what} ${JSON.stringify(name)}: ${problem}`);
}
