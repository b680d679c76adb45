import { storedMediator } from '../mediators/registry.js';
import type { DatasetMetadata } from '../metadata.js';

/**
 * Every time of a dataset, oldest first, as its metadata describes them (read as the
 * mediator that metadata looks like reads it: Grid4D's [first, last] and the steps between,
 * the others every date). What the preview and the audit step through.
 */
export function datasetTimes(metadata: DatasetMetadata): Date[] {
  return storedMediator(metadata).stored.listedTimes(metadata);
}
