import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import type { DatasetStore } from '#core/store.js';
import { FIXTURES } from './fixtures.js';

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
