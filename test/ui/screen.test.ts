import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drawDifference, gridText, parseFrame } from '#ui/terminal/screen.js';

/** What a terminal shows after these bytes, for the subset of sequences the diff writes. */
function emulate(columns: number, rows: number, bytes: string, start?: string[]): string[] {
  const screen = start ? start.map((line) => line.padEnd(columns).split('')) : [];
  while (screen.length < rows) screen.push(new Array(columns).fill(' '));
  let row = 0;
  let column = 0;
  // eslint-disable-next-line no-control-regex -- escape sequences are what is parsed
  const pattern = /\u001b\[(\??[0-9;]*)([A-Za-z])|([^\u001b])/gu;
  for (const match of bytes.matchAll(pattern)) {
    if (match[3] !== undefined) {
      (screen[row] as string[])[column] = match[3];
      column++;
    } else if (match[2] === 'H') {
      const [r = '1', c = '1'] = (match[1] ?? '').split(';');
      row = Number(r || 1) - 1;
      column = Number(c || 1) - 1;
    } else if (match[2] === 'J') {
      for (const line of screen) line.fill(' ');
    }
  }
  return screen.map((line) => line.join('').trimEnd());
}

describe('drawing frames', () => {
  it('reads styled lines into cells, keeping attributes and dropping colours it is not given', () => {
    const grid = parseFrame('\u001b[1mab\u001b[22mc\n\u001b[7;36mx\u001b[27;39my', 4, 2);
    assert.equal(gridText(grid), 'abc\nxy');
    assert.deepEqual(
      grid[0]?.map((cell) => cell.style),
      ['1', '1', '', ''],
    );
    assert.deepEqual(
      grid[1]?.slice(0, 2).map((cell) => cell.style),
      ['7;36', ''],
    );
  });

  it('gives a wide character two cells and cuts lines at the width', () => {
    const grid = parseFrame('日本語x', 5, 1);
    assert.deepEqual(
      grid[0]?.map((cell) => cell.char),
      ['日', '', '本', '', ' '],
    );
  });

  it('draws a first frame in full on a cleared screen', () => {
    const bytes = drawDifference(null, parseFrame('hello\nworld', 10, 3));
    assert.ok(bytes.startsWith('\u001b[0m\u001b[H\u001b[2J'));
    assert.deepEqual(emulate(10, 3, bytes), ['hello', 'world', '']);
  });

  it('rewrites only the cells that changed, and the result is the new frame', () => {
    const before = ['  alpha     8', '> beta      2', '  gamma     1'];
    const after = ['> alpha     8', '  beta      2', '  gamma     1'];
    const bytes = drawDifference(
      parseFrame(before.join('\n'), 14, 3),
      parseFrame(after.join('\n'), 14, 3),
    );
    assert.deepEqual(emulate(14, 3, bytes, before), after);
    // Two cells changed: each is a cursor move and one character.
    assert.ok(bytes.length <= 20, `wrote ${bytes.length} bytes: ${JSON.stringify(bytes)}`);
  });

  it('writes nothing for an unchanged frame, and resets attributes after styled cells', () => {
    const frame = parseFrame('\u001b[7mx\u001b[27m', 3, 1);
    assert.equal(drawDifference(frame, parseFrame('\u001b[7mx\u001b[27m', 3, 1)), '');
    const bytes = drawDifference(parseFrame('x', 3, 1), frame);
    assert.equal(bytes, '\u001b[1;1H\u001b[0;7mx\u001b[0m');
  });
});
