import { FluxError } from '../errors.js';
import { doublesOf } from '../numbers/doubles.js';
import { boundingBox, formatDates, metadataDocument, sortedTimes } from '../mediators/metadata.js';
import { familyOfDocument, storedFamily, storedMediatorOfFamily } from '../mediators/registry.js';
import type { CatalogStore, DocumentStore } from '../store.js';
import { parseTimestamp } from '../time/timestamps.js';
import { DatasetSummary } from './load/summary.js';
import type { DatasetMetadata } from '../metadata.js';
import type { Coordinates } from '../models/inputs.js';

/** A single step between all times, or null. */
function regularStep(times: Date[]): number | null {
  if (times.length < 2) return null;
  const sorted = sortedTimes(times, 'oldest-first');
  const step = ((sorted[1] as Date).getTime() - (sorted[0] as Date).getTime()) / 1000;
  for (let k = 2; k < sorted.length; k++) {
    if (((sorted[k] as Date).getTime() - (sorted[k - 1] as Date).getTime()) / 1000 !== step)
      return null;
  }
  return step;
}

/** Metadata rebuilt from the data, with what it was computed from (for the statistics sketch). */
export interface RebuiltMetadata {
  metadata: DatasetMetadata;
  /** The summary of every document read: what keepSketch keeps. */
  whole: DatasetSummary;
  coordinates: Coordinates | null;
}

/**
 * Metadata computed again from what the dataset holds: dates, spans or steps, bbox and exact
 * statistics from its documents and coord_index. Title, units, grid and the step length come
 * from `base` (the metadata being corrected) when there is one; a dataset that lost its
 * metadata gets its name as title and empty units, which the operator can set by reloading.
 */
export async function rebuildMetadata(
  store: CatalogStore & DocumentStore,
  name: string,
  base: DatasetMetadata | null,
): Promise<RebuiltMetadata> {
  const sample = await store.sampleDocument(name);
  if (!sample)
    throw new FluxError('data', `dataset "${name}" has no documents to rebuild its metadata from`);
  // The documents say what kind of dataset it is; a covariance matrix's metadata says so too.
  const family = base && storedFamily(base) === 'matrix' ? 'matrix' : familyOfDocument(sample);
  const mediator = storedMediatorOfFamily(family);
  const parameters = mediator.stored.parametersIn(sample);
  const gridded = family !== 'observations';
  const covariance = family === 'matrix';
  const coordinates = gridded ? await store.readCoordIndex(name) : null;
  if (gridded && !coordinates && !covariance) {
    throw new FluxError(
      'data',
      `dataset "${name}" is gridded but has no coord_index: its grid is lost; reload it`,
    );
  }
  const summary = new DatasetSummary(parameters, mediator);
  for await (const document of store.scanDocuments(name, [])) summary.addStored(document);
  const stats = await summary.statistics(() => store.scanDocuments(name, []));
  let times = summary.allTimes();
  if (covariance && Array.isArray(base?.dates)) {
    times = base.dates
      .map((text) => parseTimestamp(String(text)))
      .filter((time): time is Date => time !== null);
  }

  const baseSteps = Array.isArray(base?.steps) ? (base.steps as number[]) : undefined;
  const baseSpans = Array.isArray(base?.spans) ? (base.spans as number[]) : undefined;
  const hasSpans =
    times.some((time) => summary.spanOf(time) !== undefined) || baseSpans !== undefined;
  const step = baseSteps?.[0] ?? regularStep(times);
  const seriesDates =
    !hasSpans &&
    step !== null &&
    gridded &&
    !covariance &&
    (base === null ||
      base.dates === undefined ||
      (Array.isArray(base.dates) && base.dates.length <= 2));
  const oldestFirst = sortedTimes(times, 'oldest-first');
  const dates = !gridded
    ? sortedTimes(times, 'newest-first')
    : seriesDates
      ? [oldestFirst[0], oldestFirst.at(-1)].filter((time): time is Date => time !== undefined)
      : oldestFirst;
  if (seriesDates && regularStep(times) !== null && regularStep(times) !== step) {
    throw new FluxError(
      'data',
      `dataset "${name}": its times are ${regularStep(times)} s apart, not the ${step} s its metadata says`,
    );
  }
  if (seriesDates && times.length > 2 && regularStep(times) === null) {
    throw new FluxError(
      'data',
      `dataset "${name}": its times are not one regular series, which Grid4D metadata cannot describe; reload it`,
    );
  }
  const timing = seriesDates
    ? { steps: baseSteps ?? [step as number] }
    : hasSpans
      ? { spans: oldestFirst.map((time) => summary.spanOf(time) ?? (baseSpans?.[0] as number)) }
      : baseSteps
        ? { steps: baseSteps }
        : {};
  const bbox = covariance
    ? undefined
    : gridded
      ? boundingBox(coordinates ?? [])
      : summary.boundingBox();
  const metadata = metadataDocument({
    name,
    // The grid and units are the metadata's own: their numbers keep the types they had.
    floatPaths: base ? doublesOf(base) : [],
    config: {
      title: typeof base?.title === 'string' ? base.title : name,
      units: (base?.units as Record<string, string> | undefined) ?? {},
      gridded: typeof base?.gridded === 'boolean' ? base.gridded : gridded,
      grid: base?.grid ?? {},
      columns: [],
      header: [],
      parameters: parameters,
      formats: {},
      precision: null,
    },
    dates: formatDates(dates),
    ...(bbox !== undefined ? { bbox } : {}),
    timing,
    stats,
    ...(covariance
      ? { extra: { covariance: base?.covariance ?? { size: summary.documents } } }
      : {}),
  });
  return { metadata, whole: summary, coordinates };
}
