import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import type { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import type { ServerInfo } from '#core/store.js';
import { FIXTURES } from './fixtures.js';

/** What a MemoryStore reports to be FerretDB v1: no index serves a lookup of a time. */
export const FERRETDB_V1: ServerInfo = {
  version: '7.0.77',
  engine: 'ferretdb',
  engineVersion: 'v1.24.2',
  nestedArrays: false,
  indexedTimes: false,
};

/** `load -p FILE -m MODEL -n NAME -o timestamp=...` of a fixture (or any file) into `store`. */
export async function loadInto(
  store: MemoryStore,
  name: string,
  file: string,
  model: string,
  timestamp: string,
): Promise<MemoryStore> {
  const path = file.includes('/') ? file : `${FIXTURES}${file}`;
  await runLoad({ path, model, name, overrides: `timestamp=${timestamp}` }, store, LOCAL_FILES);
  return store;
}
