import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import type { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import type { ServerInfo } from '#core/store.js';
import { FIXTURES } from './fixtures.js';

/** What FerretDB v1.24.2 says of itself: no arrays in arrays, no index on times. */
export const FERRETDB_V1: ServerInfo = {
  version: '7.0.77',
  engine: 'ferretdb',
  engineVersion: 'v1.24.2',
  nestedArrays: false,
  indexedTimes: false,
};

/**
 * casagfed2004.mat loaded into an in-memory store as `name` with its config file: 8 time steps
 * 3 hours apart from `timestamp` (test/fixtures/flux/README.md).
 */
export function loadCasa(store: MemoryStore, name: string, timestamp = '2004-06-30T00:00:00') {
  return runLoad(
    {
      path: `${FIXTURES}casagfed2004.mat`,
      model: 'SpatioTemporalMatrix',
      name,
      overrides: `timestamp=${timestamp}`,
    },
    store,
    LOCAL_FILES,
  );
}
