/**
 * The fill-value rule on counters (docs/loading.md, "Data checks"), with values chosen by
 * hand: XCO2-like values 380..399 (span 19, magnitude 399).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tally } from '#core/checks/index.js';

/** 100 values 380, 381, ..., 399 (five times each), then `extra` copies of `value`. */
function tallyWith(value: number, extra: number): Tally {
  const tally = new Tally();
  const values: Array<number | null> = [];
  for (let k = 0; k < 100; k++) values.push(380 + (k % 20));
  for (let k = 0; k < extra; k++) values.push(value);
  values.push(null); // not counted
  tally.add(values);
  return tally;
}

describe('fill-value: one exact value, a large share, far outside the rest', () => {
  it('-999 (a usual fill value) 1379 below the rest, whose span is 19: a fill value', () => {
    const tally = tallyWith(-999, 5);
    assert.equal(tally.count, 105);
    assert.deepEqual(tally.fill(), { value: -999, count: 5, low: 380, high: 399 });
  });

  it('500, not a usual one, 101 above: not 10 x 399 away, so not a fill value', () => {
    assert.equal(tallyWith(500, 5).fill(), null);
  });

  it('5000, 4601 above the rest: more than 10 x 399, a fill value', () => {
    assert.deepEqual(tallyWith(5000, 5).fill(), { value: 5000, count: 5, low: 380, high: 399 });
  });

  it('one cell of -9999 is no share: under 2 values, nothing', () => {
    assert.equal(tallyWith(-9999, 1).fill(), null);
  });

  it('counted one value at a time (push, as a build does) the same as a whole array', () => {
    const pushed = new Tally();
    for (let k = 0; k < 100; k++) pushed.push(380 + (k % 20));
    for (let k = 0; k < 5; k++) pushed.push(-999);
    pushed.count += 105;
    assert.deepEqual(pushed, tallyWith(-999, 5));
  });
});
