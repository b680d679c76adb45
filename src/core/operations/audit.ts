import { storedChecks, type CheckId, type StoredChecks } from '../checks/index.js';
import { describeError } from '../errors.js';
import { describeHolder, isStale, JOURNAL_COLLECTION } from '../journal.js';
import {
  collectionRole,
  geometryCollectionOf,
  GEOMETRY_PREFIX,
  COORD_INDEX,
  INTERNAL_PREFIX,
  METADATA,
  SUMMARY_STATS,
} from '../names.js';
import { familyOfDocument, storedFamily, storedMediator } from '../mediators/registry.js';
import type {
  CollectionStore,
  DatasetStore,
  DocumentStore,
  JournalEntry,
  SketchState,
} from '../store.js';
import { plural } from '../text/plural.js';
import { parseTimestamp } from '../time/timestamps.js';
import { datasetTimes } from './datasetTimes.js';
import { plannedRecovery, recoverLoad } from './load/recovery.js';
import { keepSketch } from './load/sketch.js';
import { compareNames } from './listDatasets.js';
import { rebuildMetadata } from './rebuild.js';
import { finishRemove, plannedFinishRemove } from './remove.js';
import { findingAdvice } from './notices.js';
import { finishRename, plannedFinishRename } from './rename.js';
import { asMetadata, statsOf, type DatasetMetadata } from '../metadata.js';

export type FindingKind =
  | 'missing-metadata'
  | 'missing-coord-index'
  | 'stale-metadata'
  | 'stale-coord-index'
  | 'stale-stats'
  | 'stale-geometry'
  | 'interrupted'
  | 'leftover'
  | 'disagreeing'
  | 'data-check'
  | 'busy';

/** The TUI groups and colours findings by these. */
export const FINDING_GROUP: Record<
  FindingKind,
  'missing' | 'stale' | 'leftover' | 'disagreeing' | 'data' | 'busy'
> = {
  'missing-metadata': 'missing',
  'missing-coord-index': 'missing',
  'stale-metadata': 'stale',
  'stale-coord-index': 'stale',
  'stale-stats': 'stale',
  'stale-geometry': 'stale',
  interrupted: 'leftover',
  leftover: 'leftover',
  disagreeing: 'disagreeing',
  'data-check': 'data',
  busy: 'busy',
};

/** Why a data check's finding is not repaired: the values are the file's. */
export const DATA_CHECK_ADVICE =
  "the values are the data's own: correct the file and load it again (--replace), or remove the dataset";

export interface Finding {
  kind: FindingKind;
  dataset: string;
  /** What follows "INCONSISTENCY FOUND: " (the original's words for the first four kinds). */
  message: string;
  fixable: boolean;
  /** Why --fix will not repair it, and what to do instead. */
  advice?: string;
  /**
   * What --fix (the UI's f and F) will do to repair it, when it can: "rebuild the metadata of
   * "casa" from its 8 documents ..." (plannedRepair, from what the audit read).
   */
  repair?: string;
  /** A collection the finding is about (leftovers, geometry caches). */
  collection?: string;
  /** A data check's id (kind 'data-check', `db -a --deep`: docs/loading.md, "Data checks"). */
  check?: CheckId;
  entry?: JournalEntry;
}

export interface AuditProgress {
  /** Datasets checked so far, of `total` (the datasets no operation holds). */
  checked: number;
  total: number;
}

export interface AuditReport {
  findings: Finding[];
  /** No inconsistency (a busy dataset is not one). */
  clean: boolean;
  /**
   * Datasets whose metadata dates the quick audit could not check against their data: the
   * server has no index on times (FerretDB v1) and no statistics sketch records the dates
   * flux-manage wrote with the data. `--deep` checks them.
   */
  datesUnchecked: string[];
}

export interface AuditOptions {
  onProgress?(progress: AuditProgress): void;
  /**
   * Also read every dataset's documents, each collection once (`db -a --deep`): times against
   * the metadata's dates, and values per time step against coord_index; and the data checks
   * a load runs (findings of kind 'data-check', never repaired).
   */
  deep?: boolean;
}

/**
 * `db -a`: datasets against their metadata and coord_index entries, leftovers of
 * interrupted operations, and metadata that disagrees with the data it describes. It reads
 * the collection names, the journal, the metadata (one pass), the coord_index ids, each
 * dataset's record count and the documents of its first and last times (`_id` lookups);
 * never a whole data collection unless `deep`. `onProgress` hears { checked: 0 } once the
 * datasets are known, then once per dataset.
 */
export async function auditDatabase(
  store: DatasetStore,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const [names, claims, metadataDocuments, coordinateIds, sketches, server] = await Promise.all([
    store.collectionNames(),
    store.listClaims(),
    readAllMetadata(store),
    store.listCoordIndexIds(),
    store.listStatsSketches(),
    store.serverInfo(),
  ]);
  const sketchIds = sketches.map((sketch) => sketch._id);
  const sketchOf = new Map(sketches.map((sketch) => [sketch._id, sketch]));
  const datesUnchecked: string[] = [];
  const metadataIds = [...metadataDocuments.keys()];
  const findings: Finding[] = [];
  const held = new Map(claims.map((entry) => [entry._id, entry]));
  const referenced = new Set(
    claims.flatMap((entry) => [entry.staging, entry.backup].filter(Boolean) as string[]),
  );
  const present = new Set(names);

  for (const entry of claims) {
    if (isStale(entry)) {
      findings.push({
        kind: 'interrupted',
        dataset: entry._id,
        message: `interrupted operation on collection ID "${entry._id}": ${describeHolder(entry)}`,
        fixable: true,
        repair: await plannedFinish(store, entry, held),
        entry,
      });
    } else {
      findings.push({
        kind: 'busy',
        dataset: entry._id,
        message: `collection ID "${entry._id}" is busy: ${describeHolder(entry)}`,
        fixable: false,
        entry,
      });
    }
  }

  const datasets = names
    .filter((name) => collectionRole(name) === 'dataset' && !held.has(name))
    .sort(compareNames);
  const total = datasets.length;
  options.onProgress?.({ checked: 0, total });
  const metadataSet = new Set(metadataIds);
  const coordinateSet = new Set(coordinateIds);
  for (const name of datasets) {
    if (metadataSet.has(name)) continue;
    findings.push({
      kind: 'missing-metadata',
      dataset: name,
      message: `missing metadata entry for collection ID "${name}"`,
      ...(await lostMetadata(store, name, coordinateSet.has(name))),
    });
  }
  for (const name of datasets) {
    if (coordinateSet.has(name)) continue;
    const metadata = metadataDocuments.get(name) ?? null;
    const family = metadata ? storedFamily(metadata) : 'grid';
    if (family === 'matrix') continue; // a covariance matrix has no grid
    const gridded = family === 'grid';
    const finding = { kind: 'missing-coord-index', dataset: name } as const;
    findings.push({
      ...finding,
      message: `missing coord_index entry for collection ID "${name}"`,
      fixable: !gridded,
      ...(gridded
        ? { advice: 'its grid is lost with it; reload the dataset' }
        : { repair: plannedRepair(finding, { records: await store.recordCount(name) }) }),
    });
  }
  // Entries whose dataset is gone (summary_stats: the statistics kept for appends).
  const entryCollections = [
    ['stale-metadata', METADATA, metadataIds],
    ['stale-coord-index', COORD_INDEX, coordinateIds],
    ['stale-stats', SUMMARY_STATS, sketchIds],
  ] as const;
  for (const [kind, collection, ids] of entryCollections) {
    for (const name of [...ids].sort(compareNames)) {
      if (present.has(name) || held.has(name)) continue;
      findings.push({
        kind,
        dataset: name,
        message: `stale entry for collection ID "${name}" in ${collection}`,
        fixable: true,
        repair: plannedRepair({ kind, dataset: name }),
      });
    }
  }
  for (const name of names
    .filter((candidate) => collectionRole(candidate) === 'geometry')
    .sort(compareNames)) {
    const dataset = name.slice(GEOMETRY_PREFIX.length);
    if (!present.has(dataset) && !held.has(dataset)) {
      findings.push({
        kind: 'stale-geometry',
        dataset,
        collection: name,
        message: `stale geometry cache "${name}" for collection ID "${dataset}"`,
        fixable: true,
        repair: plannedRepair({ kind: 'stale-geometry', dataset, collection: name }),
      });
    }
  }
  for (const name of names
    .filter(
      (candidate) => candidate.startsWith(INTERNAL_PREFIX) && candidate !== JOURNAL_COLLECTION,
    )
    .sort(compareNames)) {
    if (!referenced.has(name)) {
      findings.push({
        kind: 'leftover',
        dataset: name,
        collection: name,
        message: `leftover collection "${name}" of an interrupted operation`,
        fixable: true,
        repair: plannedRepair({ kind: 'leftover', dataset: name, collection: name }),
      });
    }
  }
  // The last per-dataset check (the slow one, above all with `deep`) counts the progress.
  for (const [index, name] of datasets.entries()) {
    const metadata = metadataDocuments.get(name);
    const records = metadata ? await store.recordCount(name) : 0;
    let checks: StoredChecks | null = null;
    const problem = metadata
      ? ((await disagreement(store, name, metadata, records, {
          indexedTimes: server.indexedTimes,
          sketch: sketchOf.get(name) ?? null,
          unchecked: () => datesUnchecked.push(name),
        })) ??
        (options.deep
          ? await dataDisagreement(store, name, metadata, coordinateSet.has(name), (made) => {
              checks = made;
            })
          : null))
      : null;
    if (problem)
      findings.push({
        kind: 'disagreeing',
        dataset: name,
        message: `metadata for collection ID "${name}" disagrees with its data: ${problem}`,
        fixable: true,
        repair: plannedRepair({ kind: 'disagreeing', dataset: name }, { records }),
      });
    // Only a dataset whose metadata agrees with its data was scanned whole.
    if (checks && !problem)
      for (const warning of (checks as StoredChecks).warnings())
        findings.push({
          kind: 'data-check',
          dataset: name,
          check: warning.check,
          message: `collection ID "${name}": ${warning.check}: ${warning.message}`,
          fixable: false,
          advice: DATA_CHECK_ADVICE,
        });
    options.onProgress?.({ checked: index + 1, total });
  }
  return {
    findings,
    // Neither a busy dataset nor doubtful data is an inconsistency.
    clean: findings.every((finding) => finding.kind === 'busy' || finding.kind === 'data-check'),
    // --deep read the data: nothing is left unchecked.
    datesUnchecked: options.deep ? [] : datesUnchecked,
  };
}

/** Whether a dataset's lost metadata can be rebuilt from its data: what its repair would do, or why not. */
export type LostMetadata = { fixable: true; repair: string } | { fixable: false; advice: string };

/**
 * Whether the metadata of a dataset that has none can be rebuilt from its data (what
 * rebuildMetadata would refuse, and what the repair would do): one document read to tell its
 * kind, and its record count. The audit's finding and the UI's metadata pane both say this.
 */
export async function lostMetadata(
  store: CollectionStore & DocumentStore,
  name: string,
  hasCoordIndex: boolean,
): Promise<LostMetadata> {
  const sample = await store.sampleDocument(name);
  if (!sample)
    return {
      fixable: false,
      advice: 'it holds no documents to rebuild its metadata from; remove it or reload it',
    };
  if (familyOfDocument(sample) === 'grid' && !hasCoordIndex)
    return { fixable: false, advice: 'its grid is lost with its coord_index; reload the dataset' };
  const records = await store.recordCount(name);
  return {
    fixable: true,
    repair: plannedRepair({ kind: 'missing-metadata', dataset: name }, { records }),
  };
}

/** Every metadata document, by dataset, in one pass over the (small) metadata collection. */
async function readAllMetadata(store: DatasetStore): Promise<Map<string, DatasetMetadata>> {
  const entries = new Map<string, DatasetMetadata>();
  for await (const document of store.scanDocuments(METADATA, []))
    entries.set(String(document._id), asMetadata(document));
  return entries;
}

/** What the quick audit may use to check a dataset's dates without reading its documents. */
interface DateEvidence {
  /** The server looks up times by index (MongoDB): the first and last times are looked up. */
  indexedTimes: boolean;
  /** The statistics sketch: the dates and record count flux-manage last wrote together. */
  sketch: SketchState | null;
  /** Called when neither can say whether the dates are right. */
  unchecked(): void;
}

/**
 * Why a dataset's metadata does not describe its documents (or null), as far as the record
 * count, the sketch flux-manage kept when it last wrote the data (its dates and record count)
 * and, where times are indexed, the documents of its first and last times tell.
 */
async function disagreement(
  store: DatasetStore,
  name: string,
  metadata: DatasetMetadata,
  records: number,
  evidence: DateEvidence,
): Promise<string | null> {
  const dates = Array.isArray(metadata.dates)
    ? metadata.dates.map((text) => parseTimestamp(String(text)))
    : [];
  if (dates.some((date) => date === null)) return 'its dates are not all YYYY-MM-DDTHH:MM:SS times';
  const mediator = storedMediator(metadata);
  const family = mediator.stored.family;
  if (family === 'matrix') {
    const size = (metadata.covariance as { size?: unknown } | undefined)?.size;
    return size === records
      ? null
      : `it says ${String(size)} columns but there are ${records} documents`;
  }
  const listed = mediator.stored.listedTimes(metadata);
  if (family === 'grid') {
    const spans = Array.isArray(metadata.spans) ? metadata.spans : undefined;
    if (spans && spans.length !== dates.length)
      return `${spans.length} spans for ${dates.length} dates`;
    // A grid has one document per time: Grid4D's [first, last] describe the whole series.
    if (listed.length !== records)
      return `its dates describe ${listed.length} time steps but there are ${records} documents`;
  }
  const { sketch } = evidence;
  if (sketch?.dates !== undefined && sketch.documents === records) {
    // The data are as flux-manage last wrote them: so must the dates be.
    if (JSON.stringify(sketch.dates) !== JSON.stringify(metadata.dates))
      return `its dates are ${describeDates(metadata.dates)} but the data were written with ${describeDates(sketch.dates)}`;
    return null;
  }
  // Observations have no document per date to look up; a grid's first and last times have
  // one, but where a time lookup has no index (FerretDB v1) it reads the collection.
  if (family === 'observations' || !evidence.indexedTimes) {
    evidence.unchecked();
    return null;
  }
  const firstLast = [listed[0], listed.at(-1)].filter((time): time is Date => time !== undefined);
  const found = await store.existingTimes(name, '_id', firstLast);
  if (found.length !== firstLast.length)
    return `a time its dates list has no document (${firstLast.map((t) => t.toISOString()).join(', ')})`;
  return null;
}

/** A metadata dates list, short: its first and last, and how many. */
function describeDates(dates: unknown): string {
  if (!Array.isArray(dates) || dates.length === 0) return 'none';
  if (dates.length === 1) return String(dates[0]);
  return `${String(dates[0])}..${String(dates.at(-1))}${dates.length > 2 ? ` (${dates.length})` : ''}`;
}

/**
 * `--deep`: the dataset's documents read once: every stored time is one its metadata lists
 * (and, for observations, every listed date has observations), and every time step holds
 * one value per coord_index cell. The data checks are fed the documents on the way (`onChecks`
 * hears them before the scan).
 */
async function dataDisagreement(
  store: DatasetStore,
  name: string,
  metadata: DatasetMetadata,
  hasCoordinates: boolean,
  onChecks: (checks: StoredChecks) => void,
): Promise<string | null> {
  const mediator = storedMediator(metadata);
  const family = mediator.stored.family;
  if (family === 'matrix') return null;
  const observations = family === 'observations';
  const listed = new Set(datasetTimes(metadata).map((time) => time.getTime()));
  const coordinates = !observations && hasCoordinates ? await store.readCoordIndex(name) : null;
  const cells = coordinates?.length ?? null;
  const parameters = Object.keys(statsOf(metadata));
  const checks = storedChecks({
    shape: mediator.stored,
    parameters,
    coordinates: coordinates ?? null,
    grid: metadata.grid,
  });
  onChecks(checks);
  const seen = new Set<number>();
  const unlisted: Date[] = [];
  for await (const document of store.scanDocuments(name, [])) {
    const time = observations ? document.timestamp : document._id;
    if (!(time instanceof Date))
      return `a document has no time (${observations ? 'timestamp' : '_id'})`;
    seen.add(time.getTime());
    if (!listed.has(time.getTime())) unlisted.push(time);
    checks.add(document);
    if (cells === null) continue;
    for (const parameter of parameters) {
      const values = document[parameter];
      if (Array.isArray(values) && values.length !== cells)
        return `the document of ${time.toISOString()} holds ${values.length} values of ${parameter} but coord_index has ${cells} cells`;
    }
  }
  if (unlisted.length)
    return `${unlisted.length} stored ${observations ? 'observation dates are' : 'times are'} not in its dates (e.g. ${unlisted[0]?.toISOString()})`;
  const missing = [...listed].filter((time) => !seen.has(time));
  if (missing.length)
    return `its dates list ${missing.length} ${observations ? 'dates with no observation' : 'times with no document'} (e.g. ${new Date(missing[0] as number).toISOString()})`;
  return null;
}

export interface RepairAction {
  finding: Finding;
  done: boolean;
  detail: string;
}

export interface RepairProgress {
  /** Findings dealt with so far (repaired, failed or refused), of `total` (busy ones left out). */
  done: number;
  total: number;
}

/**
 * Repairs these findings one by one, interrupted operations first (finishing them changes
 * what else is found). A repair that fails is reported, not thrown; a finding --fix cannot
 * repair is reported with the audit's advice; a busy dataset is left alone (no action).
 * `onProgress` hears { done: 0 } first, then once per finding dealt with.
 */
export async function repairFindings(
  store: DatasetStore,
  findings: readonly Finding[],
  options: { onProgress?(progress: RepairProgress): void } = {},
): Promise<RepairAction[]> {
  // Busy datasets are left alone, and data checks are the data's own (nothing to repair).
  const ordered = findings
    .filter((finding) => finding.kind !== 'busy' && finding.kind !== 'data-check')
    .sort((a, b) => Number(b.kind === 'interrupted') - Number(a.kind === 'interrupted'));
  const actions: RepairAction[] = [];
  options.onProgress?.({ done: 0, total: ordered.length });
  for (const finding of ordered) {
    if (!finding.fixable) {
      actions.push({
        finding,
        done: false,
        detail: `cannot repair: ${findingAdvice(finding) ?? 'no safe repair'}`,
      });
    } else {
      try {
        actions.push({ finding, done: true, detail: await repairFinding(store, finding) });
      } catch (error) {
        actions.push({ finding, done: false, detail: `could not repair: ${describeError(error)}` });
      }
    }
    options.onProgress?.({ done: actions.length, total: ordered.length });
  }
  return actions;
}

/**
 * `db -a --fix`: repairs what is safe, in two rounds (interrupted operations first, since
 * finishing them changes what else is found, then a fresh audit's other findings), and says
 * what it could not repair.
 */
export async function repairDatabase(
  store: DatasetStore,
  options: AuditOptions = {},
): Promise<{ actions: RepairAction[]; after: AuditReport }> {
  const first = await auditDatabase(store, { deep: options.deep === true });
  const actions = await repairFindings(
    store,
    first.findings.filter((finding) => finding.kind === 'interrupted'),
  );
  const second = await auditDatabase(store, options);
  actions.push(
    ...(await repairFindings(
      store,
      second.findings.filter((finding) => finding.kind !== 'interrupted'),
    )),
  );
  return { actions, after: await auditDatabase(store, { deep: options.deep === true }) };
}

/**
 * What repairFinding will do for a finding, said before it is done (the UI's repair prompt,
 * `db -a`): `records` is the dataset's record count where the repair reads its documents. An
 * interrupted operation's is plannedFinish's.
 */
export function plannedRepair(
  finding: Pick<Finding, 'kind' | 'dataset' | 'collection'>,
  facts: { records?: number } = {},
): string {
  const name = `"${finding.dataset}"`;
  const documents =
    facts.records === undefined ? 'its documents' : `its ${plural(facts.records, 'document')}`;
  switch (finding.kind) {
    case 'interrupted':
      return `finish or undo the interrupted operation on ${name}`;
    case 'missing-metadata':
      return `rebuild the metadata of ${name} from ${documents}, all but its title and units`;
    case 'missing-coord-index':
      return `rebuild the coord_index of ${name} from the coordinates of ${documents}`;
    case 'stale-metadata':
      return `delete the metadata entry of ${name}, whose dataset is gone`;
    case 'stale-coord-index':
      return `delete the coord_index entry of ${name}, whose dataset is gone`;
    case 'stale-stats':
      return `delete the summary_stats entry of ${name}, whose dataset is gone`;
    case 'stale-geometry':
      return `drop the geometry cache "${finding.collection ?? geometryCollectionOf(finding.dataset)}"`;
    case 'leftover':
      return `drop the leftover collection "${finding.collection ?? finding.dataset}"`;
    case 'disagreeing':
      return `recompute the dates and statistics of ${name} from ${documents}`;
    case 'busy':
      return `nothing: ${name} is busy`;
    case 'data-check':
      return `nothing: the values of ${name} are the data's own`;
  }
}

/**
 * What repairFinding will do to finish (or undo) an interrupted operation: what recoverLoad,
 * finishRemove or finishRename will do with its journal entry. `held` is the journal.
 */
async function plannedFinish(
  store: DatasetStore,
  entry: JournalEntry,
  held: ReadonlyMap<string, JournalEntry>,
): Promise<string> {
  if (entry.op === 'load' || entry.op === 'append')
    return plannedRecovery(entry, await store.readMetadata(entry._id), 'finish');
  if (entry.op === 'remove') return plannedFinishRemove(entry);
  const partner = entry.partner === undefined ? undefined : held.get(entry.partner);
  return plannedFinishRename(entry, partner?.op === 'rename-source');
}

/**
 * Writes a dataset's metadata rebuilt from its data, then the statistics sketch of what was
 * read (as a load does): the next append need not read the data, and the quick audit can check
 * the dates on a server without an index on times. Says what it read ("its 8 documents").
 */
async function rewriteMetadata(
  store: DatasetStore,
  name: string,
  base: DatasetMetadata | null,
): Promise<string> {
  const { metadata, whole, coordinates } = await rebuildMetadata(store, name, base);
  await store.writeMetadata(metadata);
  await keepSketch(store, { name, whole, metadata, coordinates });
  return `its ${plural(whole.documents, 'document')}`;
}

export async function repairFinding(store: DatasetStore, finding: Finding): Promise<string> {
  const name = finding.dataset;
  switch (finding.kind) {
    case 'interrupted': {
      const entry = finding.entry as JournalEntry;
      if (entry.op === 'load' || entry.op === 'append')
        return (await recoverLoad(store, entry, 'finish')).detail;
      if (entry.op === 'remove') return finishRemove(store, entry);
      return finishRename(store, entry);
    }
    case 'missing-metadata':
      return `rebuilt the metadata of "${name}" from ${await rewriteMetadata(store, name, null)}, all but its title and units`;
    case 'missing-coord-index': {
      const coordinates: Array<[number, number]> = [];
      for await (const document of store.scanDocuments(name, ['coordinates'])) {
        const point = document.coordinates;
        if (Array.isArray(point)) coordinates.push([Number(point[0]), Number(point[1])]);
      }
      await store.writeCoordIndex(name, coordinates);
      return `rebuilt the coord_index of "${name}" from its ${coordinates.length} observations`;
    }
    case 'stale-metadata':
      await store.deleteMetadata(name);
      return `deleted the metadata entry of "${name}"`;
    case 'stale-coord-index':
      await store.deleteCoordIndex(name);
      return `deleted the coord_index entry of "${name}"`;
    case 'stale-stats':
      await store.deleteStatsSketch(name);
      return `deleted the summary_stats entry of "${name}"`;
    case 'stale-geometry':
    case 'leftover':
      await store.dropCollection(finding.collection ?? geometryCollectionOf(name));
      return `dropped "${finding.collection}"`;
    case 'disagreeing': {
      const read = await rewriteMetadata(store, name, await store.readMetadata(name));
      return `recomputed the dates and statistics of "${name}" from ${read}`;
    }
    case 'busy':
      return 'busy: left alone';
    case 'data-check':
      return "a data check: left alone (the data's own)";
  }
}
