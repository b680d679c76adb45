import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { runLoad } from '#core/operations/load/index.js';
import { planFromFile } from '#core/operations/load/plan.js';
import { writeHdf5 } from '#test/support/hdf5Writer.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('chosen-variable');

/** Two 2-cell grids, rows first (x, y, one step): which one was read shows in its values. */
const grid = (value: number) => [10.5, 20.5, value, 11.5, 20.5, value + 1];

describe('the variable a load request chooses', () => {
  it('loads an HDF5 dataset whose path holds ";" and "=" (never spliced into the settings text)', async () => {
    const file = temp.file('odd.h5');
    await writeHdf5(file, [
      { path: '/grp/a;b=c', data: grid(5), shape: [2, 3], dtype: '<d' },
      { path: '/grp/other', data: grid(7), shape: [2, 3], dtype: '<d' },
    ]);
    const store = new MemoryStore();
    await runLoad(
      {
        path: file,
        model: 'SpatioTemporalMatrix',
        name: 'odd',
        configFile: null,
        overrides: 'timestamp=2004-06-30T00:00:00',
        variable: '/grp/a;b=c',
      },
      store,
      LOCAL_FILES,
    );
    const [document] = await store.documentsAt('odd', '_id', new Date('2004-06-30T00:00:00Z'));
    assert.deepEqual(document?.values, [5, 6]);
  });

  it('leaves a var_name typed in the settings in force, and says where it came from', async () => {
    const file = temp.file('two.h5');
    await writeHdf5(file, [
      { path: '/first', data: grid(1), shape: [2, 3], dtype: '<d' },
      { path: '/second', data: grid(3), shape: [2, 3], dtype: '<d' },
    ]);
    const request = {
      path: file,
      model: 'SpatioTemporalMatrix',
      name: 'two',
      configFile: null,
      variable: '/first',
    };
    const typed = await planFromFile(
      { ...request, overrides: 'timestamp=2004-06-30T00:00:00;var_name=/second' },
      LOCAL_FILES,
    );
    const chosen = await planFromFile(
      { ...request, overrides: 'timestamp=2004-06-30T00:00:00' },
      LOCAL_FILES,
    );
    try {
      assert.equal(typed.variable.name, '/second');
      assert.equal(typed.config.sources.var_name?.kind, 'override');
      assert.equal(chosen.variable.name, '/first');
      assert.equal(chosen.config.sources.var_name?.kind, 'chosen');
    } finally {
      await typed.file.close();
      await chosen.file.close();
    }
  });
});
