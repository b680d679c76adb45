import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';

const manifest = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

/** The command tree of SPEC section 5, with each command's manage.py-compatible flags. */
const COMMAND_FLAGS: Record<string, string[]> = {
  load: ['--path', '--model', '--collection_name', '--config_file', '--options', '--mediator'],
  remove: ['--collection_name'],
  rename: ['--collection_name', '--new_name'],
  db: ['--list_ids', '--include_counts', '--collection_name', '--audit'],
  inspect: ['--var'],
  embedded: ['--port', '--data', '--engine'],
};

describe('command line usage', () => {
  it('rejects an unknown command with a usage message on stderr and exit 2', async () => {
    const result = await runFluxManage(['frobnicate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command "frobnicate"/);
    assert.match(result.stderr, /Usage: flux-manage/);
    assert.equal(result.stdout, '');
  });

  it('rejects an unknown flag with exit 2, naming the flag', async () => {
    const result = await runFluxManage(['db', '--frobnicate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option --frobnicate/);
    assert.match(result.stderr, /Usage: flux-manage db/);
  });

  it('rejects a missing required flag with exit 2, naming the flag', async () => {
    const result = await runFluxManage(['rename', '-n', 'a']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing required option -r\/--new_name/);
  });

  it('rejects a flag without its value with exit 2', async () => {
    const result = await runFluxManage(['load', '-p']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /option -p, --path needs a value/);
  });

  it('rejects a value outside the allowed ones with exit 2', async () => {
    const result = await runFluxManage(['db', '-l', 'everything']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /must be one of collections, metadata, coord_index/);
  });

  it('rejects a stray argument with exit 2', async () => {
    const result = await runFluxManage(['embedded', 'start', 'now']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unexpected argument "now"/);
  });

  for (const [command, flags] of Object.entries(COMMAND_FLAGS)) {
    it(`documents every flag of "${command}" in --help`, async () => {
      const result = await runFluxManage([command, '--help']);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`^Usage: flux-manage ${command}`));
      for (const flag of [...flags, '--json', '--help']) {
        assert.ok(result.stdout.includes(flag), `${command} --help lists ${flag}`);
      }
    });
  }

  it('prints the package version', async () => {
    const result = await runFluxManage(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), manifest.version);
  });

  it('prints help listing every command when run without arguments and without a terminal', async () => {
    const result = await runFluxManage([]);
    assert.equal(result.code, 0);
    for (const command of Object.keys(COMMAND_FLAGS))
      assert.match(result.stdout, new RegExp(`\\n  ${command} `));
  });

  it('with --json, reports a usage error as a JSON object on stdout too', async () => {
    const result = await runFluxManage(['db', '--json']);
    assert.equal(result.code, 2);
    const parsed = JSON.parse(result.stdout) as { error: { kind: string; message: string } };
    assert.equal(parsed.error.kind, 'usage');
    assert.match(parsed.error.message, /give one of/);
  });
});
