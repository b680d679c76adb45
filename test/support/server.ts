import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { MongoClient, type Db } from 'mongodb';
import { startEmbedded, stopEmbedded } from '#adapters/embedded/server.js';
import { reachesServer } from './tier.js';

reachesServer('it imports test/support/server');

/**
 * The real server every test talks to: MONGODB_URI when set (test/run-tests starts the
 * embedded FerretDB once and sets it), otherwise an embedded server of this file's own.
 */
export interface TestDatabase {
  readonly uri: string;
  readonly dbName: string;
  readonly db: Db;
  readonly client: MongoClient;
  /** Environment for a flux-manage child process aimed at this database. */
  readonly env: NodeJS.ProcessEnv;
}

/** Gives the calling test file its own database, dropped after its last test. */
export function useTestDatabase(label: string): TestDatabase {
  const state: { uri?: string; client?: MongoClient; dataDir?: string } = {};
  const dbName = `t_${label.replace(/[^a-zA-Z0-9]/g, '_').slice(0, 30)}_${process.pid}`;

  before(async () => {
    let uri = process.env.MONGODB_URI;
    if (!uri) {
      state.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-test-'));
      uri = (await startEmbedded({ dataDir: state.dataDir, port: 0 })).uri ?? undefined;
    }
    if (!uri) throw new Error('no test server');
    state.uri = uri;
    state.client = await new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 }).connect();
    await state.client.db(dbName).dropDatabase();
  });

  after(async () => {
    await state.client?.db(dbName).dropDatabase();
    await state.client?.close();
    if (state.dataDir) {
      await stopEmbedded(state.dataDir);
      await fs.rm(state.dataDir, { recursive: true, force: true });
    }
  });

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestDatabase: used before its before() hook ran');
    return value;
  };
  return {
    get uri() {
      return need(state.uri);
    },
    dbName,
    get client() {
      return need(state.client);
    },
    get db() {
      return need(state.client).db(dbName);
    },
    get env() {
      return { ...process.env, MONGODB_URI: need(state.uri), FLUX_DB: dbName };
    },
  };
}
