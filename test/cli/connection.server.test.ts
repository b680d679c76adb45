import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { provisionFerretDb } from '#adapters/embedded/provision.js';
import { freePort } from '#adapters/embedded/server.js';
import { envWithout, runFluxManage } from '#test/support/cli.js';
import { startHandshakeServer } from '#test/support/handshakeServer.js';

describe('connection errors', () => {
  it('reports an unreachable server in one line with the password hidden, exit 1', async () => {
    const port = await freePort(); // nothing listens there once freePort returns
    const uri = `mongodb://alice:s3cr3t-pw@127.0.0.1:${port}/`;
    const result = await runFluxManage(['db', '-l', 'collections', '--uri', uri], {
      env: envWithout('MONGODB_URI'),
      timeoutMs: 30_000,
    });
    assert.equal(result.code, 1);
    assert.equal(result.signal, null, 'exits by itself rather than hanging');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(`cannot reach MongoDB at mongodb://alice:\\*\\*\\*@127\\.0\\.0\\.1:${port}/`),
    );
    // In the operator's words first (nothing listens on that port), the driver's after.
    assert.match(result.stderr, /: nothing is listening there \(.*ECONNREFUSED/);
    assert.ok(!result.stderr.includes('s3cr3t-pw') && !result.stdout.includes('s3cr3t-pw'));
    assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
  });

  it('takes the server from MONGODB_URI when --uri is absent', async () => {
    const port = await freePort();
    const result = await runFluxManage(['db', '-l', 'collections'], {
      env: { ...process.env, MONGODB_URI: `mongodb://127.0.0.1:${port}/` },
      timeoutMs: 30_000,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  // Wire version 6 is MongoDB 3.6 and 2 is 2.6 (MongoDB's wire protocol history); the driver
  // in use needs 4.4 (its documented minimum).
  for (const [wire, release] of [
    [6, '3.6'],
    [2, '2.6'],
  ] as const) {
    it(`names a MongoDB ${release} server as too old, with the versions supported, exit 1`, async () => {
      const server = await startHandshakeServer({ min: 0, max: wire });
      try {
        const result = await runFluxManage(['db', '-l', 'collections', '--uri', server.uri], {
          env: envWithout('MONGODB_URI'),
          timeoutMs: 30_000,
        });
        assert.equal(result.code, 1);
        assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
        assert.ok(
          result.stderr.includes(
            `MongoDB at ${server.uri} is too old: it speaks wire version ${wire} (MongoDB ${release}); flux-manage supports MongoDB 4.4 or newer and FerretDB v1.24 or newer.`,
          ),
          result.stderr,
        );
        assert.match(result.stderr, /Upgrade the server/);
      } finally {
        await server.close();
      }
    });
  }

  it('names a server newer than the driver knows, and what to do', async () => {
    const server = await startHandshakeServer({ min: 99, max: 99 });
    try {
      const result = await runFluxManage(['db', '-l', 'collections', '--uri', server.uri], {
        env: envWithout('MONGODB_URI'),
        timeoutMs: 30_000,
      });
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(
        result.stderr,
        /is newer than this flux-manage can talk to: it requires wire version 99/,
      );
      assert.match(result.stderr, /Use a newer flux-manage/);
    } finally {
      await server.close();
    }
  });

  it('calls a malformed URI a usage error (exit 2) without echoing its password', async () => {
    const result = await runFluxManage(
      ['db', '-l', 'collections', '--uri', 'mongo://bob:hunter2@x'],
      {
        env: envWithout('MONGODB_URI'),
      },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /invalid MongoDB URI mongo:\/\/bob:\*\*\*@x/);
    assert.ok(!result.stderr.includes('hunter2'));
  });
});

/**
 * A FerretDB of this file's own that requires a login (its SCRAM authentication, with one user
 * made as it starts): a server that was reached but refused us is not "cannot reach".
 */
describe('a server that requires a login', () => {
  const PASSWORD = 's3cr3t-pw';
  let server: ChildProcess | undefined;
  let dataDir = '';
  let host = '';

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-auth-'));
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    server = spawn(
      (await provisionFerretDb()).path,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--listen-addr=${host}`,
        `--state-dir=${dataDir}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=error',
        '--test-enable-new-auth',
        '--setup-username=alice',
        `--setup-password=${PASSWORD}`,
        '--setup-database=admin',
      ],
      { stdio: 'ignore' },
    );
    // Up once alice can log in: that is also what the last test below expects of it.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new MongoClient(`mongodb://alice:${PASSWORD}@${host}/`, {
        serverSelectionTimeoutMS: 500,
      });
      try {
        await client.connect();
        await client.db('fluxvis').command({ listCollections: 1, nameOnly: true });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        await client.close();
      }
    }
  });

  after(async () => {
    server?.kill('SIGTERM');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const list = (uri: string) =>
    runFluxManage(['db', '-l', 'collections', '--uri', uri], {
      env: envWithout('MONGODB_URI'),
      timeoutMs: 30_000,
    });

  it('says authentication failed, for which user and mechanism, never the password', async () => {
    const result = await list(`mongodb://alice:wrong-${PASSWORD}@${host}/`);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(
      result.stderr.includes(
        `authentication failed at mongodb://alice:***@${host}/ for user "alice" with SCRAM (the default mechanism`,
      ),
      result.stderr,
    );
    assert.match(result.stderr, /auth database "admin": check the user name, the password/);
    assert.doesNotMatch(result.stderr, /cannot reach/);
    assert.ok(!result.stderr.includes(PASSWORD), 'the password is never printed');
  });

  it('names the mechanism the URI asked for', async () => {
    const result = await list(`mongodb://bob:${PASSWORD}@${host}/?authMechanism=SCRAM-SHA-1`);
    assert.equal(result.code, 1);
    assert.ok(
      result.stderr.includes(`for user "bob" with SCRAM-SHA-1, auth database "admin"`),
      result.stderr,
    );
    assert.ok(!result.stderr.includes(PASSWORD));
  });

  it('says a login is needed when the URI gives none, at once rather than at the first command', async () => {
    const result = await list(`mongodb://${host}/`);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(
      result.stderr.includes(`MongoDB at mongodb://${host}/ requires authentication: give a user`),
      result.stderr,
    );
  });

  it('works with the right password', async () => {
    const result = await list(`mongodb://alice:${PASSWORD}@${host}/`);
    assert.equal(result.code, 0, result.stderr);
  });
});
