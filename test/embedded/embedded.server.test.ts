import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { runFluxManage } from '#test/support/cli.js';

interface Status {
  running: boolean;
  uri: string | null;
  pid: number | null;
  engine: string | null;
  data: string;
}

describe('flux-manage embedded', () => {
  let dataDir = '';
  const embedded = async (...args: string[]) =>
    runFluxManage(['embedded', ...args, '--data', dataDir]);

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-embedded-'));
  });
  after(async () => {
    await embedded('stop');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('reports not running before start', async () => {
    const result = await embedded('status', '--json');
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.stdout), {
      running: false,
      uri: null,
      pid: null,
      engine: null,
      data: dataDir,
    });
  });

  it('starts a server whose status URI the driver can use', async () => {
    const start = await embedded('start', '--port', '0');
    assert.equal(start.code, 0, start.stderr);
    const status = JSON.parse((await embedded('status', '--json')).stdout) as Status;
    assert.deepEqual(Object.keys(status).sort(), ['data', 'engine', 'pid', 'running', 'uri']);
    assert.equal(status.running, true);
    assert.equal(status.engine, 'ferretdb');
    assert.match(status.uri ?? '', /^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(Number.isInteger(status.pid));

    const client = await new MongoClient(status.uri as string, {
      serverSelectionTimeoutMS: 5000,
    }).connect();
    try {
      const db = client.db('embedded_check');
      await db.collection('c').insertOne({ _id: 'x', v: [1.5, null] } as never);
      assert.deepEqual(await db.collection('c').findOne({ _id: 'x' as never }), {
        _id: 'x',
        v: [1.5, null],
      });
      const info = await db.admin().command({ buildInfo: 1 });
      assert.equal(info.ferretdbVersion, 'v1.24.2');
      await db.dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('looks a string _id up on its index, not by reading the collection (docs/ferretdb.md)', async () => {
    const status = JSON.parse((await embedded('status', '--json')).stdout) as Status;
    const client = await new MongoClient(status.uri as string).connect();
    try {
      const db = client.db('embedded_index');
      await db
        .collection('coord_index')
        .insertMany([{ _id: 'casa', i: [1] } as never, { _id: 'kriged', i: [2] } as never]);
      // FerretDB's explain gives SQLite's own query plan of what it runs.
      const explained = await db.command({
        explain: { find: 'coord_index', filter: { _id: 'kriged' }, limit: 1 },
      });
      const plan = JSON.stringify(explained.queryPlanner);
      assert.match(plan, /SEARCH \S+ USING INDEX/, plan);
      assert.doesNotMatch(plan, /SCAN/, plan);
      assert.deepEqual(await db.collection('coord_index').findOne({ _id: 'kriged' as never }), {
        _id: 'kriged',
        i: [2],
      });
      await db.dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('listens on loopback only and never starts telemetry', async () => {
    const status = JSON.parse((await embedded('status', '--json')).stdout) as Status;
    const cmdline = (await fs.readFile(`/proc/${status.pid}/cmdline`, 'utf8')).split('\0');
    assert.ok(cmdline.includes('--telemetry=disable'), cmdline.join(' '));
    assert.ok(
      cmdline.some((arg) => /^--listen-addr=127\.0\.0\.1:\d+$/.test(arg)),
      cmdline.join(' '),
    );
    assert.ok(cmdline.includes('--debug-addr=-'), 'no debug HTTP listener');
  });

  it('is idempotent: a second start reports the running server', async () => {
    const first = JSON.parse((await embedded('status', '--json')).stdout) as Status;
    const again = await embedded('start', '--json');
    assert.equal(again.code, 0);
    const parsed = JSON.parse(again.stdout) as Status & { alreadyRunning: boolean };
    assert.equal(parsed.alreadyRunning, true);
    assert.equal(parsed.pid, first.pid);
  });

  it('stops gracefully and then reports not running', async () => {
    const { pid } = JSON.parse((await embedded('status', '--json')).stdout) as Status;
    const stop = await embedded('stop');
    assert.equal(stop.code, 0);
    assert.match(stop.stdout, /stopped/);
    assert.throws(() => process.kill(pid as number, 0), /ESRCH/);
    assert.equal(
      (JSON.parse((await embedded('status', '--json')).stdout) as Status).running,
      false,
    );
  });

  it('treats a pid file whose process is gone as stale', async () => {
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max, so no process can have it
    await fs.writeFile(
      path.join(dataDir, 'server.json'),
      JSON.stringify({
        pid: deadPid,
        port: 1,
        engine: 'ferretdb',
        uri: 'mongodb://127.0.0.1:1/',
        binary: 'ferretdb',
      }),
    );
    const status = JSON.parse((await embedded('status', '--json')).stdout) as Status;
    assert.equal(status.running, false);
    const stop = await embedded('stop', '--json');
    assert.deepEqual(JSON.parse(stop.stdout), {
      stopped: false,
      wasRunning: false,
      stalePidFile: true,
      data: dataDir,
    });
    await assert.rejects(fs.access(path.join(dataDir, 'server.json')));
  });
});
