import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drawRaster, levelOf, rasterize, xterm256 } from '#ui/preview/raster.js';

describe('the preview raster', () => {
  it('draws a 2x2 grid of 1-degree cells on 4x4 pixels, north up', () => {
    // Cells centred at x 0.5 and 1.5, y 0.5 and 1.5: the map spans 0..2 in both directions,
    // so each cell covers 2x2 of the 4x4 pixels; the northern cells (y 1.5) are the top rows.
    const { raster } = rasterize(
      [
        { x: 0.5, y: 1.5, value: 1 },
        { x: 1.5, y: 1.5, value: 2 },
        { x: 0.5, y: 0.5, value: 3 },
        { x: 1.5, y: 0.5, value: null },
      ],
      4,
      4,
      { x: 1, y: 1 },
    );
    assert.deepEqual(raster, [
      [1, 1, 2, 2],
      [1, 1, 2, 2],
      [3, 3, null, null],
      [3, 3, null, null],
    ]);
  });

  it('keeps degrees square: a wide map in a square box is shorter than it is wide', () => {
    const { width, height } = rasterize(
      [
        { x: 0, y: 0, value: 1 },
        { x: 40, y: 10, value: 1 },
      ],
      20,
      20,
      null,
    );
    assert.equal(width, 20);
    assert.equal(height, 5);
  });

  it('maps values to levels over the range, and draws two pixel rows per text line', () => {
    assert.equal(levelOf(0, { min: 0, max: 10 }, 10), 0);
    assert.equal(levelOf(10, { min: 0, max: 10 }, 10), 9);
    assert.equal(levelOf(5, { min: 0, max: 10 }, 10), 5);
    const lines = drawRaster(
      [
        [0, 10, undefined],
        [0, 10, null],
      ],
      { min: 0, max: 10 },
      'none',
    );
    assert.deepEqual(lines, ['.@·']);
    const colored = drawRaster([[0], [10]], { min: 0, max: 10 }, 'truecolor');
    // Upper pixel as foreground (#440154 = 68;1;84), lower as background (#fde725 = 253;231;37).
    assert.deepEqual(colored, ['\u001b[38;2;68;1;84m\u001b[48;2;253;231;37m▀\u001b[0m']);
  });

  it('follows the terminal: 256 colours from the xterm cube, where there is no truecolour', () => {
    // #440154: red 68 -> cube level 1, green 1 -> 0, blue 84 -> 1: 16 + 36 + 0 + 1 = 53.
    // #fde725: 253 -> 5, 231 -> 4 ((231 - 35) / 40 = 4.9), 37 -> 0: 16 + 180 + 24 + 0 = 220.
    assert.equal(xterm256('#440154'), 53);
    assert.equal(xterm256('#fde725'), 220);
    assert.deepEqual(drawRaster([[0], [10]], { min: 0, max: 10 }, '256'), [
      '\u001b[38;5;53m\u001b[48;5;220m▀\u001b[0m',
    ]);
  });

  it('keeps one extent for every step when given one', () => {
    const extent = { minX: 0, minY: 0, maxX: 4, maxY: 4 };
    const { raster } = rasterize([{ x: 0.5, y: 3.5, value: 1 }], 4, 4, { x: 1, y: 1 }, extent);
    assert.deepEqual(raster[0], [1, undefined, undefined, undefined]);
    assert.equal(raster.length, 4);
  });
});
