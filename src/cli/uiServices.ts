import { completePath } from '#adapters/files/completion.js';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { isDirectory, listFiles, readTextIfPresent } from '#adapters/files/textFiles.js';
import type { MongoStore } from '#adapters/mongo/MongoStore.js';
import { paceMemory } from '#adapters/runtime/memoryPacer.js';
import { parseOverrides } from '#core/config/overrides.js';
import { describeError } from '#core/errors.js';
import { datasetNameProblem } from '#core/names.js';
import { repairFinding, auditDatabase, type Finding } from '#core/operations/audit.js';
import { listFile } from '#core/operations/inspectFile.js';
import { runLoad } from '#core/operations/load/index.js';
import { siblingConfigPath } from '#core/operations/load/plan.js';
import { reviewLoad } from '#core/operations/load/review.js';
import { datasetOverview } from '#core/operations/overview.js';
import { previewFrame } from '#core/operations/preview.js';
import { removeDataset } from '#core/operations/remove.js';
import { renameDataset } from '#core/operations/rename.js';
import type { UiServices } from '#ui/services.js';

const files = { openDataFile: openDataFileAt, readText: readTextIfPresent, isDirectory, listFiles };

/** The TUI's operations: the CLI's own, over one connection. */
export function createUiServices(store: MongoStore, server: string, database: string): UiServices {
  return {
    server,
    database,
    serverInfo: () => store.serverInfo(),
    listDatasets: () => datasetOverview(store),
    metadata: (name) => store.readMetadata(name),
    preview: (name, index) => previewFrame(store, name, index),
    async checkName(name) {
      const problem = datasetNameProblem(name);
      if (problem) return { ok: false, reason: problem };
      return {
        ok: true,
        exists: (await store.collectionExists(name)) || (await store.readMetadata(name)) !== null,
      };
    },
    async rename(from, to) {
      await renameDataset(store, from, to);
    },
    async remove(name) {
      await removeDataset(store, name);
    },
    audit: () => auditDatabase(store),
    async repair(findings: Finding[]) {
      const ordered = [...findings].sort(
        (a, b) => Number(b.kind === 'interrupted') - Number(a.kind === 'interrupted'),
      );
      const actions = [];
      for (const finding of ordered) {
        try {
          actions.push({ finding, done: true, detail: await repairFinding(store, finding) });
        } catch (error) {
          actions.push({
            finding,
            done: false,
            detail: `could not repair: ${describeError(error)}`,
          });
        }
      }
      return actions;
    },
    async inspectFile(path) {
      const file = await openDataFileAt(path);
      try {
        return await listFile(file);
      } finally {
        await file.close();
      }
    },
    completePath,
    async siblingConfig(path) {
      const sibling = siblingConfigPath(path);
      return (await readTextIfPresent(sibling)) === null ? null : sibling;
    },
    checkOverrides(text) {
      try {
        parseOverrides(text);
        return null;
      } catch (error) {
        return describeError(error);
      }
    },
    review: (request) => reviewLoad(request, store, files),
    async load(request, onProgress, signal) {
      const [result] = await runLoad(
        { ...request, onProgress: paceMemory(onProgress), signal },
        store,
        files,
      );
      if (!result) throw new Error('nothing was loaded');
      return result;
    },
  };
}
