/**
 * export, then load with no other option: the same dataset again, document for document, with
 * the same metadata (but its name) and coord_index; on the in-memory store, for the three
 * fixtures and a generated grid with nulls, through .mat and .h5. The exported matrices are
 * also read by scipy.io.loadmat and h5py, the independent readers, and compared with what is
 * stored. (BSON number types are checked on a real server: test/export/*.server.test.ts.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EXPORT_FILES } from '#adapters/files/exportFiles.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import type { DataDocument } from '#core/mediators/types.js';
import { exportDataset } from '#core/operations/export.js';
import { runLoad, type LoadCommand } from '#core/operations/load/index.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { python } from '#test/support/python.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('export');

async function documentsOf(store: MemoryStore, name: string): Promise<string[]> {
  const documents: DataDocument[] = [];
  for await (const document of store.scanDocuments(name, [])) documents.push(document);
  // Observations have no _id of their own worth comparing; times and cells are compared.
  return documents
    .map((document) => {
      const { _id, ...rest } = document;
      return JSON.stringify(
        _id instanceof Date || typeof _id === 'number' ? { _id, ...rest } : rest,
      );
    })
    .sort();
}

async function sameDataset(store: MemoryStore, a: string, b: string): Promise<void> {
  assert.deepEqual(await documentsOf(store, b), await documentsOf(store, a));
  const [ma, mb] = [await store.readMetadata(a), await store.readMetadata(b)];
  assert.deepEqual({ ...mb, _id: null }, { ...ma, _id: null });
  assert.deepEqual(await store.readCoordIndex(b), await store.readCoordIndex(a));
}

async function loadInto(store: MemoryStore, command: LoadCommand) {
  return runLoad(command, store, LOCAL_FILES);
}

const FIXTURE_LOADS: Array<{ label: string; command: LoadCommand }> = [
  {
    label: 'casagfed2004 (SpatioTemporalMatrix, Grid4D)',
    command: {
      path: `${FIXTURES}casagfed2004.mat`,
      model: 'SpatioTemporalMatrix',
      name: 'original',
      overrides: 'timestamp=2004-06-30T00:00:00',
    },
  },
  {
    label: 'kriged_xco2 (KrigedXCO2Matrix, Grid3D)',
    command: {
      path: `${FIXTURES}kriged_xco2.mat`,
      model: 'KrigedXCO2Matrix',
      name: 'original',
      overrides: 'timestamp=2009-06-15',
    },
  },
  {
    label: 'xco2 (XCO2Matrix, observations)',
    command: {
      path: `${FIXTURES}xco2.mat`,
      model: 'XCO2Matrix',
      name: 'original',
      overrides: 'timestamp=2009-06-15',
    },
  },
];

describe('export: the round trip through the model files', () => {
  for (const { label, command } of FIXTURE_LOADS) {
    for (const format of ['mat', 'h5'] as const) {
      it(`${label}, as .${format}`, async () => {
        const store = new MemoryStore();
        await loadInto(store, command);
        const folder = command.model === 'KrigedXCO2Matrix';
        const target = folder
          ? temp.file(`${command.model}-${format}`)
          : temp.file(`${command.model}.${format}`);
        const result = await exportDataset(store, EXPORT_FILES, {
          name: 'original',
          path: target,
          ...(folder ? { format } : {}),
        });
        assert.equal(result.model, command.model);
        await loadInto(store, {
          path: result.load.path,
          model: result.load.model,
          name: 'again',
          ...(result.load.pattern ? { pattern: result.load.pattern } : {}),
        });
        await sameDataset(store, 'original', 'again');
      });
    }
  }

  it('a multi-step grid with nulls: scipy reads the matrix the store holds, and it loads back', async () => {
    const file = temp.file('nulls.mat');
    // 3 cells x (x, y, 3 steps), column-major; NaN becomes null, and null comes back NaN.
    const columns = [
      [-1.5, -0.5, 0.5],
      [10.5, 10.5, 11.5],
      [0.25, Number.NaN, 2],
      [Number.NaN, Number.NaN, Number.NaN],
      [-3.5, 4, 1e-6],
    ];
    await fs.writeFile(
      file,
      writeMat5(
        [{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 5], values: columns.flat() }],
        { compress: true },
      ),
    );
    const store = new MemoryStore();
    await loadInto(store, {
      path: file,
      model: 'SpatioTemporalMatrix',
      name: 'original',
      configFile: null,
      overrides: 'timestamp=2004-01-01T00:00:00;precision=6',
    });
    const target = temp.file('nulls-out.mat');
    await exportDataset(store, EXPORT_FILES, { name: 'original', path: target });
    const read = await python<{ shape: number[]; columns: Array<Array<number | null>> }>(
      `
import scipy.io
a = scipy.io.loadmat(data['file'])['original']
emit({'shape': list(a.shape), 'columns': [[float(x) for x in a[:, j]] for j in range(a.shape[1])]})
`,
      { file: target },
    );
    assert.deepEqual(read.shape, [3, 5]);
    assert.deepEqual(
      read.columns,
      columns.map((column) => column.map((value) => (Number.isNaN(value) ? null : value))),
    );
    const config = JSON.parse(await fs.readFile(target.replace(/\.mat$/, '.json'), 'utf8'));
    assert.equal(config.timestamp, '2004-01-01T00:00:00');
    assert.deepEqual(config.steps, [10800]);
    await loadInto(store, { path: target, model: 'SpatioTemporalMatrix', name: 'again' });
    await sameDataset(store, 'original', 'again');
  });

  it('a covariance matrix: its columns back, in order', async () => {
    const file = temp.file('covariance.mat');
    // 3 x 3, symmetric, column-major; values with five decimals (CovarianceMatrix's precision).
    const columns = [
      [1.5, 0.25, -0.125],
      [0.25, 2.00001, 0.5],
      [-0.125, 0.5, 3],
    ];
    await fs.writeFile(
      file,
      writeMat5([
        { kind: 'numeric', name: 'cov', class: 'double', dims: [3, 3], values: columns.flat() },
      ]),
    );
    const store = new MemoryStore();
    await loadInto(store, {
      path: file,
      model: 'CovarianceMatrix',
      name: 'original',
      configFile: null,
      overrides: 'timestamp=2009-06-15T00:00:00',
    });
    // Its one date is the load's timestamp (the documents are columns, not times).
    assert.deepEqual((await store.readMetadata('original'))?.dates, ['2009-06-15T00:00:00']);
    const target = temp.file('covariance-out.h5');
    const result = await exportDataset(store, EXPORT_FILES, { name: 'original', path: target });
    assert.equal(result.model, 'CovarianceMatrix');
    const read = await python<number[][]>(
      `
import h5py
with h5py.File(data['file'], 'r') as f:
    a = f['original'][()]
emit([[float(v) for v in a[:, j]] for j in range(a.shape[1])])
`,
      { file: target },
    );
    assert.deepEqual(read, columns);
    await loadInto(store, { path: target, model: 'CovarianceMatrix', name: 'again' });
    await sameDataset(store, 'original', 'again');
  });

  it('h5py reads the HDF5 file as the matrix, rows first', async () => {
    const store = new MemoryStore();
    await loadInto(store, FIXTURE_LOADS[0]!.command);
    const target = temp.file('casa-h5py.h5');
    await exportDataset(store, EXPORT_FILES, { name: 'original', path: target });
    const read = await python<{ shape: number[]; first: number[]; second: number[]; x: number[] }>(
      `
import h5py
with h5py.File(data['file'], 'r') as f:
    a = f['original'][()]
emit({'shape': list(a.shape), 'first': [float(v) for v in a[0, :]],
      'second': [float(v) for v in a[1, :2]], 'x': [float(v) for v in a[:3, 0]]})
`,
      { file: target },
    );
    // The fixture facts: 2635 cells, 8 steps; the second cell is (-165.5, 61.5); the first
    // value of the first step is 0.08.
    assert.deepEqual(read.shape, [2635, 10]);
    assert.deepEqual(read.second, [-165.5, 61.5]);
    assert.equal(read.first[2], 0.08);
    const coordinates = await store.readCoordIndex('original');
    assert.deepEqual(
      read.x,
      coordinates!.slice(0, 3).map(([x]) => x),
    );
  });

  it('refuses an existing path unless --force, and a missing dataset, writing nothing', async () => {
    const store = new MemoryStore();
    await loadInto(store, FIXTURE_LOADS[0]!.command);
    const target = temp.file('exists.mat');
    await fs.writeFile(target, 'keep me');
    await assert.rejects(
      exportDataset(store, EXPORT_FILES, { name: 'original', path: target }),
      /exists; choose another path, or give --force/,
    );
    assert.equal(await fs.readFile(target, 'utf8'), 'keep me');
    await exportDataset(store, EXPORT_FILES, { name: 'original', path: target, force: true });
    assert.notEqual(await fs.readFile(target, 'latin1'), 'keep me');
    await assert.rejects(
      exportDataset(store, EXPORT_FILES, { name: 'nope', path: temp.file('nope.mat') }),
      /no dataset "nope"/,
    );
    const left = (await fs.readdir(path.dirname(target))).filter((name) =>
      name.includes('partial'),
    );
    assert.deepEqual(left, []);
    await assert.rejects(fs.access(temp.file('nope.mat')));
  });

  it("a matrix over MAT v5's 2 GiB is refused before anything is read, pointing at .h5", async () => {
    const store = new MemoryStore();
    // 64,800 cells x (2 + 4,200 steps) doubles: 2.03 GiB (64,800 x 4,202 x 8 bytes), by its
    // metadata and coord_index alone: no document is needed to refuse it.
    const cells = Array.from({ length: 64800 }, (_, k): [number, number] => [k % 360, k / 360]);
    await store.insertDocuments('huge', [{ _id: new Date('2004-01-01T00:00:00Z'), values: [1] }]);
    await store.writeCoordIndex('huge', cells);
    await store.writeMetadata({
      _id: 'huge',
      gridded: true,
      steps: [10800],
      dates: ['2004-01-01T00:00:00', '2005-06-08T21:00:00'],
      stats: { values: { mean: 1, min: 1, max: 1, std: null, median: 1 } },
    });
    const target = temp.file('huge.mat');
    await assert.rejects(
      exportDataset(store, EXPORT_FILES, { name: 'huge', path: target }),
      /64800 x 4202 matrix, 2\.0 GiB: over MAT v5's 2 GiB a variable; export it to a \.h5 file instead/,
    );
    await assert.rejects(fs.access(target));
    assert.deepEqual(
      (await fs.readdir(temp.path)).filter((name) => name.startsWith('.huge')),
      [],
    );
  });

  it('a dataset an operation holds is refused with the message a load gives', async () => {
    const store = new MemoryStore();
    await loadInto(store, FIXTURE_LOADS[0]!.command);
    await store.claim({
      _id: 'original',
      op: 'remove',
      token: 't1',
      state: 'writing',
      pid: process.ppid,
      host: 'elsewhere',
      startedAt: new Date(),
      heartbeat: new Date(),
    });
    const target = temp.file('held.mat');
    await assert.rejects(
      exportDataset(store, EXPORT_FILES, { name: 'original', path: target }),
      /dataset "original" is busy: /,
    );
    await assert.rejects(fs.access(target));
  });

  it('a cancel leaves nothing under the final name and no temporary folder', async () => {
    const store = new MemoryStore();
    await loadInto(store, FIXTURE_LOADS[0]!.command);
    const controller = new AbortController();
    const target = temp.file('cancelled.mat');
    await assert.rejects(
      exportDataset(
        store,
        EXPORT_FILES,
        { name: 'original', path: target },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            if (progress.phase === 'reading' && progress.documents >= 3) controller.abort();
          },
        },
      ),
      /the export was cancelled; nothing was written/,
    );
    await assert.rejects(fs.access(target));
    await assert.rejects(fs.access(temp.file('cancelled.json')));
    const left = (await fs.readdir(temp.path)).filter((name) => name.startsWith('.cancelled'));
    assert.deepEqual(left, []);
  });
});
