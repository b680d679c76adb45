import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colorDepth, makeTheme } from '#ui/theme.js';

describe('colours', () => {
  it('are off with NO_COLOR, whatever the terminal says', () => {
    assert.equal(colorDepth({ NO_COLOR: '1', COLORTERM: 'truecolor' }), 'none');
    const theme = makeTheme({ NO_COLOR: '1' });
    assert.equal(theme.color, false);
    assert.equal(theme.accent, undefined);
    assert.deepEqual(Object.values(theme.tones), [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('follow the terminal: truecolour only where COLORTERM says so, 256 for screen-256color', () => {
    assert.equal(colorDepth({ TERM: 'screen-256color', COLORTERM: 'truecolor' }), 'truecolor');
    assert.equal(colorDepth({ TERM: 'xterm', COLORTERM: '24bit' }), 'truecolor');
    assert.equal(colorDepth({ TERM: 'screen-256color' }), '256');
    assert.equal(colorDepth({ TERM: 'xterm' }), '16');
    assert.equal(colorDepth({ TERM: 'dumb' }), 'none');
  });
});
