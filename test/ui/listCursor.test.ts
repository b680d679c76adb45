import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyLine, type Bindings } from '#ui/model/bindings.js';
import { listWindow, moveSelection } from '#ui/model/listCursor.js';

describe('lists', () => {
  it('move by one, by a page, and to the ends, never past them', () => {
    assert.equal(moveSelection(0, 10, 'up', 5), 0);
    assert.equal(moveSelection(0, 10, 'down', 5), 1);
    assert.equal(moveSelection(2, 10, 'pageDown', 5), 6);
    assert.equal(moveSelection(8, 10, 'pageDown', 5), 9);
    assert.equal(moveSelection(6, 10, 'pageUp', 5), 2);
    assert.equal(moveSelection(4, 10, 'first', 5), 0);
    assert.equal(moveSelection(4, 10, 'last', 5), 9);
    assert.equal(moveSelection(0, 0, 'down', 5), 0);
  });

  it('show everything when it fits', () => {
    assert.deepEqual(listWindow(3, 2, 5), { top: 0, shown: 3, above: 0, below: 0 });
  });

  it('keep the selection in view and count what is cut, in the height given', () => {
    // 40 rows in 10 lines: the first window shows 9 rows and "31 more".
    assert.deepEqual(listWindow(40, 0, 10), { top: 0, shown: 9, above: 0, below: 31 });
    // Selecting row 9 scrolls by as little as possible: one "more" line above, one below.
    const next = listWindow(40, 9, 10, 0);
    assert.ok(next.top <= 9 && 9 < next.top + next.shown, JSON.stringify(next));
    assert.equal(next.shown + (next.above ? 1 : 0) + (next.below ? 1 : 0), 10);
    // At the end: no empty rows, one "more" line above.
    assert.deepEqual(listWindow(40, 39, 10, 5), { top: 31, shown: 9, above: 31, below: 0 });
    // Every selection is inside its window, and the window fits the height.
    let top = 0;
    for (const selected of [0, 5, 12, 39, 20, 1, 33]) {
      const view = listWindow(40, selected, 7, top);
      top = view.top;
      assert.ok(
        view.top <= selected && selected < view.top + view.shown,
        `${selected}: ${JSON.stringify(view)}`,
      );
      assert.ok(view.shown + (view.above ? 1 : 0) + (view.below ? 1 : 0) <= 7);
      assert.equal(view.above + view.shown + view.below, 40);
    }
  });
});

describe('the key line', () => {
  const bindings: Bindings<string, { busy: boolean }> = [
    { action: 'load', keys: ['l'], label: 'l', description: 'load', hint: 'load' },
    {
      action: 'audit',
      keys: ['a'],
      label: 'a',
      description: 'audit',
      hint: 'audit',
      disabled: (state) => (state.busy ? 'busy' : null),
    },
    { action: 'remove', keys: ['d'], label: 'd', description: 'remove', hint: 'remove' },
    { action: 'help', keys: ['?'], label: '?', description: 'help', hint: 'help', pinned: true },
    { action: 'quit', keys: ['q'], label: 'q', description: 'quit', hint: 'quit', pinned: true },
  ];

  it('keeps help and quit however narrow, and drops what does not fit', () => {
    assert.equal(
      keyLine(bindings, { busy: false }, 80),
      'l load  a audit  d remove  ? help  q quit',
    );
    assert.equal(keyLine(bindings, { busy: false }, 24), 'l load  ? help  q quit');
    assert.equal(keyLine(bindings, { busy: false }, 10), '? help  q quit');
  });

  it('leaves out what is disabled now', () => {
    assert.equal(keyLine(bindings, { busy: true }, 80), 'l load  d remove  ? help  q quit');
  });
});
