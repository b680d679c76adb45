import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { useTestDatabase } from '#test/support/server.js';

const server = useTestDatabase('unknownkey');

describe('load -o with a misspelt key', () => {
  it('warns, naming the key meant, and loads (a timestamp spelt wrong is no literal error)', async () => {
    const result = await runFluxManage(
      [
        'load',
        '-p',
        `${FIXTURES}casagfed2004.mat`,
        '-m',
        'SpatioTemporalMatrix',
        '-n',
        'misspelt',
        '-o',
        'titel=My data;timstamp=2011-01-01T00:00:00',
        '--dry-run',
      ],
      { env: server.env },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /warning: -o: unknown key "titel" kept but not used; did you mean "title"\?/,
    );
    assert.match(
      result.stderr,
      /warning: -o: unknown key "timstamp" kept but not used; did you mean "timestamp"\?/,
    );
    assert.doesNotMatch(result.stderr, /arithmetic/);
    // 8 steps (fixture facts) from casagfed2004.json's timestamp: the misspelt key changed nothing.
    assert.match(result.stdout, /8 documents \(21080 values\)/);
    assert.match(result.stdout, /"2012-12-22T03:00:00"/);
  });
});
