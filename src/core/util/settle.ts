/** The outcome of work whose failure is held as a value until it is awaited. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Starts waiting on `work` now, holding its failure as a value: a write or a read that runs
 * beside other work and is awaited later is never an unhandled rejection meanwhile.
 */
export function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** The value of settled work, or its failure thrown. */
export async function unwrap<T>(held: Promise<Settled<T>>): Promise<T> {
  const outcome = await held;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
