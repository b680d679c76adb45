import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drawRaster, levelOf, rasterize } from '#ui/preview/raster.js';

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
      false,
    );
    assert.deepEqual(lines, ['.@·']);
    const colored = drawRaster([[0], [10]], { min: 0, max: 10 }, true);
    // Upper pixel as foreground (#440154 = 68;1;84), lower as background (#fde725 = 253;231;37).
    assert.deepEqual(colored, ['\u001b[38;2;68;1;84m\u001b[48;2;253;231;37m▀\u001b[0m']);
  });
});
