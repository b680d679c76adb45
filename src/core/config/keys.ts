import { z } from 'zod';
import { frequencySeconds, FREQUENCY_UNITS } from '../time/frequency.js';

/** A field name MongoDB will store: not empty, no leading "$", no ".", no NUL. */
const fieldName = z
  .string()
  .min(1)
  .refine((name) => !name.startsWith('$') && !name.includes('.') && !name.includes('\0'), {
    error:
      'names must not start with "$" or contain "." (MongoDB would read them as operators or paths)',
  });

const seconds = z.number().positive().finite();

/** The value each config key may hold (SPEC 4), before aliases are folded in. */
export const KEY_SCHEMAS = {
  columns: z.array(z.string()),
  header: z.array(z.string()),
  parameters: z
    .array(
      fieldName.refine((name) => name !== '_id' && name !== '_span', {
        error: '"_id" and "_span" are taken',
      }),
    )
    .min(1),
  formats: z.record(z.string(), z.string()),
  precision: z.number().int().min(0).max(15).nullable(),
  gridded: z.boolean(),
  grid: z.record(fieldName, z.unknown()),
  gridres: z.record(fieldName, z.unknown()),
  geometry: z.object({ type: z.string().min(1) }).catchall(z.unknown()),
  steps: z.array(seconds).min(1),
  step: seconds,
  spans: z.array(seconds).min(1),
  span: z.union([
    seconds,
    z.string().refine((code) => frequencySeconds(code) !== null, {
      error: `a frequency code like "3H", "1D" or "1M" (units: ${FREQUENCY_UNITS.join(', ')})`,
    }),
  ]),
  timestamp: z.string().min(1),
  title: z.string(),
  units: z.record(fieldName, z.string()),
  var_name: z.string().min(1),
  regex: z.object({ regex: z.string().min(1), map: z.record(z.string(), z.string()) }),
} as const;

export type KnownKey = keyof typeof KEY_SCHEMAS;

/** Aliases the original configs use, and the key each one means. */
export const ALIASES: Readonly<Record<string, KnownKey>> = {
  gridres: 'grid',
  step: 'steps',
  span: 'spans',
};

export function isKnownKey(key: string): key is KnownKey {
  return Object.hasOwn(KEY_SCHEMAS, key);
}

/**
 * The known key a mistyped or unknown one most likely means, or null: the same key in other
 * case ("Title"), one a few edits away ("titel", "timstamp": at most one edit up to 4
 * characters, two from 5; a swap of neighbours is one edit), or one it begins ("time" ->
 * "timestamp", 3 characters at least). The nearest wins; a tie goes to the key listed first.
 */
export function closestKey(key: string): KnownKey | null {
  const typed = key.toLowerCase();
  const allowed = typed.length <= 2 ? 0 : typed.length <= 4 ? 1 : 2;
  let best: { key: KnownKey; distance: number } | null = null;
  for (const known of Object.keys(KEY_SCHEMAS) as KnownKey[]) {
    const distance = editDistance(typed, known);
    if (distance <= allowed && (best === null || distance < best.distance))
      best = { key: known, distance };
  }
  if (best) return best.key;
  if (typed.length < 3) return null;
  const begun = (Object.keys(KEY_SCHEMAS) as KnownKey[]).filter((known) => known.startsWith(typed));
  return begun.sort((a, b) => a.length - b.length)[0] ?? null;
}

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`: optimal string alignment. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = distance;
    }
  return at(a.length, b.length);
}

/** The warning for a key no model uses, naming the key it most likely means. */
export function unknownKeyWarning(where: string, key: string): string {
  const meant = closestKey(key);
  return `${where}: unknown key "${key}" kept but not used${meant ? `; did you mean "${meant}"?` : ''}`;
}

/** Turns an alias's value into its key's value: step 10800 -> steps [10800], span "3H" -> spans [10800]. */
export function canonicalValue(key: KnownKey, value: unknown): { key: KnownKey; value: unknown } {
  switch (key) {
    case 'gridres':
      return { key: 'grid', value };
    case 'step':
      return { key: 'steps', value: [value] };
    case 'span':
      return { key: 'spans', value: [typeof value === 'string' ? frequencySeconds(value) : value] };
    default:
      return { key, value };
  }
}

/** A one-line reason a value does not fit its key, or null when it does. */
export function valueProblem(key: KnownKey, value: unknown): string | null {
  const result = KEY_SCHEMAS[key].safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return `${issue?.message ?? 'invalid value'}${where} (got ${describeValue(value)})`;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Keys stored in metadata must be MongoDB field names all the way down. */
export function storedKeyProblem(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = storedKeyProblem(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.') || key.includes('\0') || key === '') {
      return `the key ${JSON.stringify(key)}${path ? ` in ${path}` : ''} cannot be stored (no leading "$", no ".")`;
    }
    const problem = storedKeyProblem(item, path ? `${path}.${key}` : key);
    if (problem) return problem;
  }
  return null;
}
