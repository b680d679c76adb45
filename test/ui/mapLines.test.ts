import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreviewFrame } from '#core/operations/preview.js';
import { edgeLabel, mapLines, significant } from '#ui/preview/mapLines.js';

describe("the preview's numbers and edges", () => {
  it('shows about four significant digits', () => {
    assert.equal(significant(-2.08543), '-2.085');
    assert.equal(significant(2.90012), '2.9');
    assert.equal(significant(386.29352568613655), '386.3');
    assert.equal(significant(0.000123456), '0.0001235');
    assert.equal(significant(123456), '123500');
    assert.equal(significant(-0.00001), '-0.00001');
    assert.equal(significant(-0.000001), '-0.000001');
    assert.equal(significant(0), '0');
  });

  it('labels degrees by hemisphere, other units by axis', () => {
    assert.equal(edgeLabel(69.75, 'y', 'degrees'), '69.75°N');
    assert.equal(edgeLabel(-54.5, 'y', 'degrees'), '54.5°S');
    assert.equal(edgeLabel(-167, 'x', 'degrees'), '167°W');
    assert.equal(edgeLabel(179.5, 'x', 'degrees'), '179.5°E');
    assert.equal(edgeLabel(0, 'x', 'degrees'), '0°');
    assert.equal(edgeLabel(4500000, 'y', 'm'), 'y 4500000 m');
    assert.equal(edgeLabel(-1.5, 'x', null), 'x -1.5');
  });
});

/** A 2 x 2 grid of 1-degree cells centred on x 10.5 and 11.5, y 40.5 and 41.5. */
const frame: PreviewFrame = {
  dataset: 'a',
  kind: 'grid',
  parameter: 'values',
  parameters: ['values'],
  units: 'μmol/m²',
  axes: { x: 'degrees', y: 'degrees' },
  index: 0,
  count: 1,
  time: '2004-06-30T00:00:00',
  times: ['2004-06-30T00:00:00'],
  points: [
    { x: 10.5, y: 41.5, value: 0 },
    { x: 11.5, y: 41.5, value: 1 },
    { x: 10.5, y: 40.5, value: 2 },
    { x: 11.5, y: 40.5, value: 3.14159 },
  ],
  range: { min: 0, max: 3.14159 },
  scale: { low: 0.123456, high: 3.14159, method: 'mean ± 2 std' },
  extent: { minX: 10, minY: 40, maxX: 12, maxY: 42 },
  cell: { x: 1, y: 1 },
};

describe('the preview map', () => {
  it('marks its four edges: latitudes right of its top and bottom rows, longitudes under it', () => {
    const { map, edges } = mapLines(frame, 40, 4, 'none');
    // A square extent in 4 rows (8 pixel rows) is 8 columns wide, a cell 4 x 4 pixels. On the
    // scale 0.123456 to 3.14159 in 10 shades: 0 is below it (shade 0, "."); 1 is 29% along
    // (shade 2, "-"); 2 is 62% (shade 6, "#"); 3.14159 is the top ("@").
    assert.deepEqual(map, ['....---- 42°N', '....----', '####@@@@', '####@@@@ 40°N']);
    // The labels need 8 columns, as many as the map: a space between them all the same.
    assert.equal(edges, '10°E 12°E');
  });

  it('keeps room for the latitudes when the map is as wide as the screen', () => {
    // 36 degrees wide and 1 high: width-bound.
    const wide = {
      ...frame,
      points: [{ x: 0.5, y: 0.5, value: 1 }],
      extent: { minX: 0, minY: 0, maxX: 36, maxY: 1 },
    };
    const { map, edges } = mapLines(wide, 20, 4, 'none');
    // "1°N" and "0°" need 4 columns: 16 for the map, 1 pixel row high, so one text row; the
    // one cell (x 0 to 1, value 1: shade "-") is its first column.
    assert.deepEqual(map, [`-${' '.repeat(15)} 1°N to 0°`]);
    assert.equal(edges, `0°${' '.repeat(16 - 2 - 4)}36°E`);
  });

  it('gives the legend its units and about four significant digits', () => {
    const { legend } = mapLines(frame, 40, 4, 'none');
    assert.equal(legend, '0.1235 .:-=+*#%@ 3.142 μmol/m²  scale: mean ± 2 std; data 0 to 3.142');
  });
});
