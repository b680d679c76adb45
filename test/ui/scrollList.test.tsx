import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { ScrollList } from '#ui/components/ScrollList.js';
import { makeTheme } from '#ui/theme.js';

describe('ScrollList', () => {
  it('wraps what it says when empty instead of cutting it (a narrow list keeps all of it)', () => {
    // The dataset list is 33 columns wide at 80x24; the text is 35 with its indent.
    const view = render(
      <ScrollList
        rows={[]}
        selected={-1}
        height={5}
        width={33}
        focused
        theme={makeTheme({ NO_COLOR: '1' })}
        empty="  No datasets. Press l to load one."
      />,
    );
    try {
      const lines = (view.lastFrame() ?? '').split('\n').map((line) => line.trimEnd());
      assert.deepEqual(lines.slice(0, 2), ['  No datasets. Press l to load', '  one.']);
    } finally {
      view.unmount();
    }
  });
});
