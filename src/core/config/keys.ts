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
