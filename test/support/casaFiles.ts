import fs from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import type { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import { FIXTURES } from './fixtures.js';

/**
 * casagfed2004.mat copied to `folder`/`name`.mat, with the fixture's config beside it at
 * another timestamp: files of one batch, each with its own .json. Returns the data file.
 */
export async function copyCasa(folder: string, name: string, timestamp: string): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  const config = JSON.parse(await fs.readFile(`${FIXTURES}casagfed2004.json`, 'utf8')) as object;
  await fs.writeFile(path.join(folder, `${name}.json`), JSON.stringify({ ...config, timestamp }));
  const file = path.join(folder, `${name}.mat`);
  await fs.copyFile(`${FIXTURES}casagfed2004.mat`, file);
  return file;
}

/** casagfed2004.mat loaded into `store` as `name`, its 8 steps from `timestamp`. */
export async function loadCasa(
  store: MemoryStore,
  name = 'casa',
  timestamp = '2004-06-30T00:00:00',
): Promise<MemoryStore> {
  await runLoad(
    {
      path: `${FIXTURES}casagfed2004.mat`,
      model: 'SpatioTemporalMatrix',
      name,
      overrides: `timestamp=${timestamp}`,
    },
    store,
    LOCAL_FILES,
  );
  return store;
}
