import v8 from 'node:v8';
import vm from 'node:vm';
import type { LoadProgress } from '#core/operations/load/execute.js';

/** Written bytes between two collections: a few batches (docs/performance.md). */
export const PACE_BYTES = 16 * 1024 * 1024;

/**
 * Keeps a long load's memory flat. Nothing a load builds outlives the batch it is written in,
 * but V8 raises its heap limit step by step during a long run, so the garbage of written
 * batches (document arrays, BSON buffers, decoded columns) piles up further between
 * collections, and peak memory grew with the number of time steps although the live heap
 * stays the same (measured: docs/performance.md). Asking for a full collection after every
 * `everyBytes` written holds the peak where it is after the first batches; the live heap is
 * a few tens of megabytes, so each collection costs milliseconds.
 *
 * Returns the load's progress callback wrapped with the pacing (or unchanged when the
 * runtime does not allow it).
 */
export function paceMemory(
  onProgress: ((progress: LoadProgress) => void) | undefined,
  everyBytes = PACE_BYTES,
): (progress: LoadProgress) => void {
  const collect = fullCollection();
  let next = everyBytes;
  return (progress) => {
    if (collect && progress.phase === 'writing' && progress.bytes >= next) {
      collect();
      next = progress.bytes + everyBytes;
    }
    onProgress?.(progress);
  };
}

let cached: (() => void) | null | undefined;

/** V8's collector, as `--expose-gc` would give it, without needing the flag at start-up. */
function fullCollection(): (() => void) | null {
  if (cached !== undefined) return cached;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return (cached = exposed);
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    cached = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    cached = null;
  }
  return cached;
}
