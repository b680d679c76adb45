import { basename } from 'node:path';
import { completePath } from '#adapters/files/completion.js';
import { driverFailure, pingWithin } from '#adapters/mongo/connect.js';
import { paceMemory } from '#adapters/runtime/memoryPacer.js';
import { FluxError } from '#core/errors.js';
import { datasetNameProblem } from '#core/names.js';
import { NotFoundError } from '#core/operations/listDatasets.js';
import { auditDatabase, repairFindings } from '#core/operations/audit.js';
import { listFile } from '#core/operations/inspectFile.js';
import { batchResult, loadInputFiles, runLoad, splitPattern } from '#core/operations/load/index.js';
import { configFileCheck, siblingConfigPath } from '#core/operations/load/plan.js';
import { reviewLoad } from '#core/operations/load/review.js';
import { coordIndexWarning, recoveryNotice } from '#core/operations/notices.js';
import { datasetOverview, overviewChanges } from '#core/operations/overview.js';
import { PreviewSession } from '#core/operations/preview.js';
import { removeDataset } from '#core/operations/remove.js';
import { renameDataset } from '#core/operations/rename.js';
import type { DatasetStore } from '#core/store.js';
import type { UiServices } from '#ui/services.js';
import { EXPORT_FILES } from '#adapters/files/exportFiles.js';
import { LOCAL_FILES, VERIFY_FILES } from '#adapters/files/localFiles.js';
import { exportDataset } from '#core/operations/export.js';
import { verifyDataset } from '#core/operations/verify.js';

const files = LOCAL_FILES;

/** How many differences the verify screen lists (its counts cover them all), as verify --json. */
const VERIFY_DIFFERENCES = 1000;

/**
 * The TUI's operations: the CLI's own, over one connection. A driver error (the server went
 * away) becomes a FluxError of kind "connection", as it does for the CLI's commands.
 */
export function createUiServices(
  store: DatasetStore,
  server: string,
  database: string,
  uri: string,
): UiServices {
  const guarded =
    <Args extends unknown[], Result>(work: (...args: Args) => Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      try {
        return await work(...args);
      } catch (error) {
        throw driverFailure(uri, error);
      }
    };
  // One preview session per dataset: metadata and coord_index read once, steps read ahead.
  // Any new read of the list (after a load, rename, remove, repair, refresh) starts afresh;
  // the automatic refresh drops the sessions of datasets that changed or went away.
  const previews = new Map<string, Promise<PreviewSession>>();
  const dropPreviews = (names: string[]) => {
    for (const name of names) {
      previews
        .get(name)
        ?.then((open) => open.close())
        .catch(() => undefined);
      previews.delete(name);
    }
  };
  const previewSession = (name: string) => {
    let session = previews.get(name);
    if (!session) {
      session = PreviewSession.open(store, name);
      previews.set(name, session);
      session.catch(() => previews.delete(name));
    }
    return session;
  };
  return {
    server,
    database,
    serverInfo: guarded(() => store.serverInfo()),
    ping: guarded(() => pingWithin(uri, () => store.ping())),
    listDatasets: guarded(() => {
      dropPreviews([...previews.keys()]);
      return datasetOverview(store);
    }),
    pollDatasets: guarded(async (known) => {
      const overview = await datasetOverview(store, known);
      const changes = overviewChanges(known, overview.rows);
      dropPreviews([
        ...changes.removed,
        ...changes.changed,
        ...changes.renamed.map(({ from }) => from),
      ]);
      return overview;
    }),
    metadata: guarded((name: string) => store.readMetadata(name)),
    preview: guarded(async (name: string, index: number, options = {}) => {
      const frame = await (await previewSession(name)).frame(index, options);
      // A session reads its metadata once: a step with nothing in it may be a dataset another
      // process removed or renamed since. Said so, the list is refreshed (and forgets it).
      if (frame.points.length === 0 && !(await store.collectionExists(name))) {
        dropPreviews([name]);
        throw new NotFoundError(
          `"${name}" is no longer in the database: removed or renamed by another process`,
        );
      }
      return frame;
    }),
    stopPreview: async (name: string) => {
      (await previews.get(name)?.catch(() => null))?.stop();
    },
    cellSeries: guarded(async (name: string, cell: number, options = {}) =>
      (await previewSession(name)).cellSeries(cell, options),
    ),
    stopCellSeries: async (name: string) => {
      (await previews.get(name)?.catch(() => null))?.stopSeries();
    },
    checkName: guarded(async (name: string) => {
      const problem = datasetNameProblem(name);
      if (problem) return { ok: false as const, reason: problem };
      const exists =
        (await store.collectionExists(name)) || (await store.readMetadata(name)) !== null;
      return { ok: true as const, exists };
    }),
    rename: guarded(async (from: string, to: string) => {
      await renameDataset(store, from, to);
    }),
    remove: guarded(async (name: string) => {
      await removeDataset(store, name);
    }),
    audit: guarded((onProgress: (checked: number, total: number) => void, deep: boolean) =>
      auditDatabase(store, {
        deep,
        onProgress: ({ checked, total }) => onProgress(checked, total),
      }),
    ),
    repair: guarded((findings, onProgress: (done: number, total: number) => void) =>
      repairFindings(store, findings, { onProgress: ({ done, total }) => onProgress(done, total) }),
    ),
    async inspectFile(path) {
      // A folder is refused as the CLI refuses it without --pattern (the UI words it its way).
      if (await files.isDirectory(path)) await loadInputFiles({ path }, files);
      const file = await files.openDataFile(path);
      try {
        return await listFile(file);
      } finally {
        await file.close();
      }
    },
    async matchFiles(typed) {
      const split = splitPattern(typed);
      return loadInputFiles(split ?? { path: typed }, files);
    },
    completePath,
    async siblingConfig(path) {
      const sibling = siblingConfigPath(path);
      // Something there that cannot be read (a folder) is filled in all the same: the load
      // would read it, and the config step's check says what is wrong with it.
      const found = await files.readText(sibling).then(
        (text) => text !== null,
        (error: unknown) => error instanceof FluxError,
      );
      return found ? sibling : null;
    },
    checkConfig: (path) => configFileCheck(path, files),
    review: guarded((request) => reviewLoad(request, store, files)),
    load: guarded(async (request, onProgress, signal) => {
      const results = await runLoad(
        { ...request, onProgress: paceMemory(onProgress), signal },
        store,
        files,
      );
      if (results.length === 0) throw new Error('nothing was loaded');
      const result = batchResult(results);
      const notices = [
        results.length > 1
          ? `Loaded ${results.length} files: ${results.map((each) => basename(each.file)).join(', ')}.`
          : null,
        ...results.map(recoveryNotice),
        // What the data checks found, as the review listed it (and, for a folder's later
        // files, first said here).
        ...results.flatMap((each) =>
          each.warnings.map(
            (warning) =>
              `${results.length > 1 ? `${basename(each.file)}: ` : ''}data warning: ${warning.check}: ${warning.message}`,
          ),
        ),
        coordIndexWarning(await store.serverInfo(), results),
      ];
      return { result, notices: notices.filter((notice): notice is string => notice !== null) };
    }),
    exportDataset: guarded((name, path, onProgress, signal) =>
      exportDataset(store, EXPORT_FILES, { name, path }, { signal, onProgress }),
    ),
    verify: guarded((request, onProgress, signal) =>
      verifyDataset(store, VERIFY_FILES, request, {
        limit: VERIFY_DIFFERENCES,
        onProgress,
        signal,
      }),
    ),
  };
}
