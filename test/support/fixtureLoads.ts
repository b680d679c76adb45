import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import type { DatasetStore, ServerInfo } from '#core/store.js';
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

/** The real fixtures and the model each is loaded with (test/fixtures/flux/README.md). */
const MODELS = {
  'casagfed2004.mat': 'SpatioTemporalMatrix',
  'kriged_xco2.mat': 'KrigedXCO2Matrix',
  'xco2.mat': 'XCO2Matrix',
} as const;

export type Fixture = keyof typeof MODELS;

/** `flux-manage load`'s arguments for a fixture into `name`, its first time `timestamp`. */
export function fixtureLoadArgs(file: Fixture, name: string, timestamp: string): string[] {
  return [
    'load',
    '-p',
    `${FIXTURES}${file}`,
    '-m',
    MODELS[file],
    '-n',
    name,
    '-o',
    `timestamp=${timestamp}`,
  ];
}

/** The same load through the engine, into a store (the fast tier's MemoryStore). */
export function loadFixture(
  store: DatasetStore,
  file: Fixture,
  name: string,
  timestamp: string,
): Promise<unknown> {
  return runLoad(
    { path: `${FIXTURES}${file}`, model: MODELS[file], name, overrides: `timestamp=${timestamp}` },
    store,
    LOCAL_FILES,
  );
}

/** casagfed2004.mat (8 steps 3 hours apart) as "casa" from 2004-06-30 and "casa_july" from 2004-07-01. */
export async function storeWithCasa(): Promise<MemoryStore> {
  const store = new MemoryStore();
  await loadFixture(store, 'casagfed2004.mat', 'casa', '2004-06-30T00:00:00');
  await loadFixture(store, 'casagfed2004.mat', 'casa_july', '2004-07-01T00:00:00');
  return store;
}
