import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Collection, Db, Document } from 'mongodb';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { METADATA } from '#core/names.js';
import { auditDatabase } from '#core/operations/audit.js';
import { runLoad } from '#core/operations/load/index.js';
import { listDatasets } from '#core/operations/listDatasets.js';
import { removeDataset } from '#core/operations/remove.js';
import { renameDataset } from '#core/operations/rename.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';

/**
 * Some MongoDB-compatible servers ignore options and filters that MongoDB applies (above all
 * listCollections' filter). flux-manage must not let such an answer decide what it writes or
 * drops (docs/servers.md): these tests run the real operations on the test server through a
 * Db that behaves like such a server.
 */
const server = useTestDatabase('ignoredfilters');
const temp = useTempDir('ignoredfilters');
const files = LOCAL_FILES;

const bound = (target: object, key: string | symbol) => {
  const value: unknown = Reflect.get(target, key, target);
  return typeof value === 'function'
    ? (value as (...args: unknown[]) => unknown).bind(target)
    : value;
};

/** A Db that answers listCollections with every collection, whatever the filter. */
function ignoringListFilter(db: Db): Db {
  return new Proxy(db, {
    get: (target, key) =>
      key === 'listCollections'
        ? (_filter: Document, options: Document) => target.listCollections({}, options)
        : bound(target, key),
  });
}

/** A Db whose find and findOne on `collections` ignore their filter (answer the first). */
function ignoringFindFilter(db: Db, collections: string[]): Db {
  const ignoring = (collection: Collection) =>
    new Proxy(collection, {
      get: (target, key) => {
        if (key === 'findOne')
          return (_filter: Document, options: Document) => target.findOne({}, options);
        if (key === 'find')
          return (_filter: Document, options: Document) => target.find({}, options);
        return bound(target, key);
      },
    });
  return new Proxy(db, {
    get: (target, key) =>
      key === 'collection'
        ? (name: string) =>
            collections.includes(name) ? ignoring(target.collection(name)) : target.collection(name)
        : bound(target, key),
  });
}

const STEP = 10_800_000;
const START = Date.parse('2004-06-30T00:00:00Z');
const stamp = (step: number) => new Date(START + step * STEP).toISOString().slice(0, 19);

/** A 3-cell SpatioTemporalMatrix of `steps` steps. */
async function grid(file: string, steps: number): Promise<string> {
  const values = [10.5, 11.5, 12.5, 40.5, 40.5, 41.5];
  for (let k = 0; k < steps; k++) values.push(k + 0.5, k + 0.25, k + 0.75);
  const path = temp.file(file);
  await fs.writeFile(
    path,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 2 + steps], values }]),
  );
  return path;
}

const load = (store: MongoStore, path: string, name: string, first: number, extra = '') =>
  runLoad(
    {
      path,
      model: 'SpatioTemporalMatrix',
      name,
      overrides: `timestamp=${stamp(first)}${extra}`,
    },
    store,
    files,
  );

describe('a server that ignores filters cannot make flux-manage write or drop the wrong thing', () => {
  it('listCollections ignoring its filter: first load, append, rename, remove, audit', async () => {
    const store = new MongoStore(ignoringListFilter(server.db));
    const two = await grid('two.mat', 2);
    // Another dataset first, so that "every collection" is never just the one asked about.
    await load(store, two, 'other', 0);
    // The first load of a new dataset: its own journal and staging exist while it checks.
    const [loaded] = await load(store, two, 'casa', 0);
    assert.equal(loaded?.written.documents, 2);
    assert.equal(await server.db.collection('casa').countDocuments(), 2);
    // An append of steps 2 and 3 (the same two columns, later).
    const [appended] = await load(store, two, 'casa', 2);
    assert.equal(appended?.written.documents, 2);
    assert.equal(await server.db.collection('casa').countDocuments(), 4);
    await renameDataset(store, 'casa', 'casa_2004');
    assert.deepEqual(
      (await listDatasets(store, { counts: true })).map(({ name, records }) => [name, records]),
      [
        ['casa_2004', 4],
        ['other', 2],
      ],
    );
    await removeDataset(store, 'other');
    assert.deepEqual(
      (await server.db.listCollections({}, { nameOnly: true }).toArray())
        .map((info) => info.name)
        .filter((name) => !name.startsWith('system.'))
        .sort(),
      ['casa_2004', 'coord_index', 'metadata', 'summary_stats'],
    );
    assert.equal((await auditDatabase(store)).clean, true);
  });

  it('find ignoring its filter: entries and time steps of other names are never taken', async () => {
    const path = await grid('three.mat', 3);
    await load(new MongoStore(server.db), path, 'kriged', 0);
    const store = new MongoStore(
      ignoringFindFilter(server.db, [METADATA, 'coord_index', 'summary_stats', 'kriged']),
    );
    // Each of these is answered with some other dataset's entry: none is taken for its own.
    assert.equal(await store.readMetadata('absent'), null);
    assert.equal(await store.readCoordIndex('absent'), null);
    assert.equal(await store.readStatsSketch('absent'), null);
    // A time step that is not stored, answered with the first stored one.
    assert.deepEqual(await store.documentsAt('kriged', '_id', new Date(START + 7 * STEP)), []);
    assert.deepEqual(await store.existingTimes('kriged', '_id', [new Date(START + 7 * STEP)]), []);
    // Copying step 1 copies step 1 only, not everything the server returned.
    const second = new Date(START + STEP);
    assert.equal(await store.copyTimes('kriged', 'kriged_copy', '_id', [second]), 1);
    const copied = await server.db.collection<{ _id: Date }>('kriged_copy').find({}).toArray();
    assert.deepEqual(
      copied.map((document) => document._id.toISOString()),
      [second.toISOString()],
    );
  });
});
