import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmbedded, stopEmbedded } from '#adapters/embedded/server.js';
import { CLI_PATH, runFluxManage } from '#test/support/cli.js';
import { writeMat5 } from '#test/support/matWriter.js';

/** A server of this test's own, since the test stops it. */
describe('the server stops in the middle of a load', () => {
  let dataDir = '';
  let uri = '';
  let port = 0;
  let file = '';
  const env = () => ({ ...process.env, MONGODB_URI: uri, FLUX_DB: 'stopped' });
  const loadArgs = [
    '-m',
    'SpatioTemporalMatrix',
    '-n',
    'interrupted',
    '-o',
    'timestamp=2004-06-30T00:00:00',
  ];

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-stop-'));
    const status = await startEmbedded({ dataDir, port: 0 });
    uri = status.uri as string;
    port = Number(new URL(uri).port);
    // About 40 MB of documents: long enough to stop the server half way.
    const cells = 64_800;
    const steps = 45;
    const values = new Array<number>(cells * (steps + 2));
    for (let cell = 0; cell < cells; cell++) {
      values[cell] = (cell % 360) - 179.5;
      values[cells + cell] = Math.floor(cell / 360) - 89.5;
    }
    for (let k = 0; k < steps; k++)
      for (let cell = 0; cell < cells; cell++)
        values[(k + 2) * cells + cell] = Math.round(Math.sin(cell + k) * 100) / 100;
    file = path.join(dataDir, 'large.mat');
    await fs.writeFile(
      file,
      writeMat5(
        [{ kind: 'numeric', name: 'm', class: 'double', dims: [cells, steps + 2], values }],
        { compress: true },
      ),
    );
  });
  after(async () => {
    await stopEmbedded(dataDir);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it(
    'fails with a clear one-line error, presents nothing as complete, and the retry succeeds',
    { timeout: 300_000 },
    async () => {
      const child = spawn(process.execPath, [CLI_PATH, 'load', '-p', file, ...loadArgs], {
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stopped = false;
      const exited = new Promise<number | null>((resolve) =>
        child.on('close', (code) => resolve(code)),
      );
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        // The first progress line after some documents are in: stop the server under it.
        if (!stopped && /Inserted [1-9]\d*\//.test(stderr)) {
          stopped = true;
          void stopEmbedded(dataDir);
        }
      });
      const code = await exited;
      assert.ok(stopped, `the load finished before the server could be stopped:\n${stderr}`);
      assert.equal(code, 1);
      const errorLines = stderr.split('\n').filter((line) => line.startsWith('flux-manage:'));
      assert.equal(errorLines.length, 1, stderr);
      assert.match(
        errorLines[0] ?? '',
        /flux-manage: .*(connection|closed|reach|ECONNREFUSED|server)/i,
      );
      assert.match(errorLines[0] ?? '', /db -a --fix|re-run the load/);
      assert.ok(!/\n\s+at .*:\d+:\d+/.test(stderr), 'no stack trace');

      await startEmbedded({ dataDir, port });
      const listing = await runFluxManage(['db', '-l', 'collections'], { env: env() });
      assert.doesNotMatch(listing.stdout, /^interrupted$/m, 'not listed');
      const metadata = await runFluxManage(['db', '-n', 'interrupted'], { env: env() });
      assert.equal(metadata.code, 1, 'no metadata');
      const audit = JSON.parse(
        (await runFluxManage(['db', '-a', '--json'], { env: env() })).stdout,
      ) as { findings: Array<{ kind: string }> };
      assert.ok(
        audit.findings.some((finding) => finding.kind === 'interrupted'),
        JSON.stringify(audit),
      );

      const retry = await runFluxManage(['load', '-p', file, ...loadArgs], {
        env: env(),
        timeoutMs: 240_000,
      });
      assert.equal(retry.code, 0, retry.stderr);
      const counted = await runFluxManage(['db', '-l', 'collections', '-x'], { env: env() });
      assert.match(counted.stdout, /^interrupted \(45 records\)$/m);
      const clean = JSON.parse(
        (await runFluxManage(['db', '-a', '--json'], { env: env() })).stdout,
      ) as { clean: boolean };
      assert.equal(clean.clean, true);
    },
  );
});
