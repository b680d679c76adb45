import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
