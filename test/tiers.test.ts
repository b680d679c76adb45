import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { isServerTest } from '#test/support/tier.js';
import { useTempDir } from '#test/support/tempDir.js';

/**
 * The tiers cannot be fooled: a test file whose name puts it in the fast tier and that reaches
 * a server fails at once, saying what to rename it; named `.server.`, the same file loads and
 * notes that it reached one. Each probe is a test file of its own, run by node in a child
 * process as test/run-tests runs every test file.
 */
const temp = useTempDir('tiers');
const run = promisify(execFile);
const compiled = (name: string) => new URL(name, import.meta.url).href;

interface Probe {
  code: number | string | null;
  stderr: string;
}

async function probe(
  name: string,
  source: string,
  options: { preload?: boolean; reached?: string } = {},
): Promise<Probe> {
  const file = temp.file(name);
  await fs.writeFile(file, source);
  const args = options.preload ? ['--import', compiled('./support/tierPreload.js')] : [];
  const env = { ...process.env, FLUX_TEST_REACHED: options.reached ?? temp.file('nowhere') };
  try {
    await run(process.execPath, [...args, file], { env, timeout: 20_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code?: number | string; killed?: boolean; stderr?: string };
    return { code: failed.killed ? null : (failed.code ?? null), stderr: failed.stderr ?? '' };
  }
}

describe('the two tiers, by name', () => {
  it('a test file is in the server tier exactly when its name says .server.', () => {
    assert.equal(isServerTest('test/ui/e2e.server.test.ts'), true);
    assert.equal(isServerTest('test/ui/browse.server.test.tsx'), true);
    assert.equal(isServerTest('dist/test/ui/browse.server.test.js'), true);
    assert.equal(isServerTest('test/reliability/server-stop.server.test.ts'), true);
    assert.equal(isServerTest('test/reliability/server-stop.test.ts'), false);
    assert.equal(isServerTest('test/server/audit.test.ts'), false, 'a folder does not count');
    assert.equal(isServerTest('test/ui/observer.test.ts'), false);
    assert.equal(isServerTest('test/ui/memory.test.tsx'), false);
  });

  for (const helper of ['server', 'cli', 'tmux']) {
    it(`a fast test file that imports test/support/${helper} fails, naming its new name`, async () => {
      const result = await probe(
        `probe-${helper}.test.mjs`,
        `import '${compiled(`./support/${helper}.js`)}';\n`,
      );
      assert.equal(result.code, 1, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(
          `probe-${helper}\\.test\\.mjs reaches a server \\(it imports test/support/(server|cli|tmux)\\)`,
        ),
      );
      assert.match(
        result.stderr,
        new RegExp(`rename it \\S*probe-${helper}\\.server\\.test\\.mjs`),
      );
    });
  }

  it('named .server., the same file loads and notes that it reached a server', async () => {
    const reached = temp.file('reached');
    await fs.mkdir(reached);
    const result = await probe(
      'probe.server.test.mjs',
      `import '${compiled('./support/server.js')}';\n`,
      { reached },
    );
    assert.equal(result.code, 0, result.stderr);
    const notes = await fs.readdir(reached);
    assert.equal(notes.length, 1);
    assert.equal(
      await fs.readFile(`${reached}/${notes[0]}`, 'utf8'),
      'it imports test/support/server\n',
    );
  });

  it('a fast test file that connects a MongoClient of its own fails before it connects', async () => {
    // Nothing listens on port 9: without the guard, the client would wait its 60 s for a
    // server and the probe would be killed after 20 s.
    const result = await probe(
      'probe-client.test.mjs',
      [
        `import { MongoClient } from '${import.meta.resolve('mongodb')}';`,
        `await new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 60000 }).connect();`,
      ].join('\n'),
      { preload: true },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /probe-client\.test\.mjs reaches a server \(it connects a MongoClient\), but its name puts it in the fast tier/,
    );
    assert.match(result.stderr, /rename it \S*probe-client\.server\.test\.mjs \(git mv\)/);
  });
});
