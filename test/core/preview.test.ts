import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewExtent, previewScale } from '#core/operations/preview.js';

describe('previewScale', () => {
  it('mean ± 2 std when it lies within min and max', () => {
    // 10 - 2·2 = 6, 10 + 2·2 = 14.
    assert.deepEqual(previewScale({ mean: 10, std: 2, min: 0, max: 100, median: 9 }), {
      low: 6,
      high: 14,
      method: 'mean ± 2 std',
    });
  });

  it('clipped to min and max: outliers never push the scale past the data', () => {
    // 1 - 4 = -3 is below min 0; 1 + 4 = 5 is within.
    assert.deepEqual(previewScale({ mean: 1, std: 2, min: 0, max: 100 }), {
      low: 0,
      high: 5,
      method: 'mean ± 2 std',
    });
    // 99 + 4 = 103 is above max 100.
    assert.deepEqual(previewScale({ mean: 99, std: 2, min: 0, max: 100 }), {
      low: 95,
      high: 100,
      method: 'mean ± 2 std',
    });
  });

  it('min to max when there is no spread or no mean and std', () => {
    const minToMax = { low: 5, high: 7, method: 'min to max' };
    assert.deepEqual(previewScale({ mean: 6, std: 0, min: 5, max: 7 }), minToMax);
    assert.deepEqual(previewScale({ mean: 6, std: null, min: 5, max: 7 }), minToMax);
    assert.deepEqual(previewScale({ mean: null, std: 1, min: 5, max: 7 }), minToMax);
    assert.deepEqual(previewScale({ min: 5, max: 7 }), minToMax);
  });

  it('none without min and max', () => {
    assert.equal(previewScale({ mean: 6, std: 1, min: null, max: 7 }), null);
    assert.equal(previewScale(null), null);
    assert.equal(previewScale(undefined), null);
  });
});

describe('previewExtent', () => {
  it('a grid: the bbox of cell centres widened by half a cell each side', () => {
    // SPEC's example bbox, 1 x 0.5 degree cells.
    assert.deepEqual(
      previewExtent({
        _id: 'casa',
        gridded: true,
        grid: { units: 'degrees', x: 1, y: 0.5 },
        bbox: [-166.5, 10.5, -50.5, 69.5],
      }),
      { minX: -167, minY: 10.25, maxX: -50, maxY: 69.75 },
    );
  });

  it('a grid of unknown cell size, or points: the bbox as it is', () => {
    const bbox = [-103.5, 40.25, -100.5, 43.25];
    const asIs = { minX: -103.5, minY: 40.25, maxX: -100.5, maxY: 43.25 };
    assert.deepEqual(previewExtent({ _id: 'a', gridded: true, bbox }), asIs);
    assert.deepEqual(
      previewExtent({ _id: 'a', gridded: true, grid: { units: 'degrees' }, bbox }),
      asIs,
    );
    assert.deepEqual(previewExtent({ _id: 'a', gridded: false, grid: { x: 1, y: 1 }, bbox }), asIs);
  });

  it('none without a usable bbox', () => {
    assert.equal(previewExtent({ _id: 'a', gridded: true, grid: { x: 1, y: 1 } }), null);
    assert.equal(previewExtent({ _id: 'a', bbox: [1, 2, 3] }), null);
    assert.equal(previewExtent({ _id: 'a', bbox: [1, 2, 3, null] as unknown as number[] }), null);
  });
});
