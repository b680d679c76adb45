import assert from 'node:assert/strict';

/** min, max and median are exact; mean and std within 1e-12 relative (two correct methods may differ in the last bits). */
export function assertStatsClose(actual: unknown, expected: unknown): void {
  const a = actual as Record<string, Record<string, number | null>>;
  const e = expected as Record<string, Record<string, number | null>>;
  assert.deepEqual(Object.keys(a).sort(), Object.keys(e).sort());
  for (const [parameter, wanted] of Object.entries(e)) {
    const got = a[parameter] as Record<string, number | null>;
    assert.deepEqual(Object.keys(got).sort(), ['max', 'mean', 'median', 'min', 'std']);
    for (const key of ['min', 'max', 'median'] as const)
      assert.equal(got[key], wanted[key], `${parameter}.${key}`);
    for (const key of ['mean', 'std'] as const) {
      const [g, w] = [got[key], wanted[key]];
      if (w === null || g === null || w === undefined || g === undefined)
        assert.equal(g, w, `${parameter}.${key}`);
      else
        assert.ok(
          Math.abs(g - w) <= 1e-12 * Math.max(1, Math.abs(w)),
          `${parameter}.${key}: ${g} vs ${w}`,
        );
    }
  }
}
