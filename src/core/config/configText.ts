import { doublesUnder } from '../numbers/doubles.js';

/**
 * A config file's text for `config`, as a person would write it (two-space indent), with the
 * numbers under `floatPaths` ("grid.x", or "" for all) written as floats: `1.0`, not `1`.
 * Python's json (the original tool) and this tool's reader (floatPaths.ts) keep `1.0` a float,
 * so a value stored as a double is loaded back as one.
 */
export function configText(config: Record<string, unknown>, floatPaths: readonly string[]): string {
  return `${render(config, floatPaths, '')}\n`;
}

function render(value: unknown, floats: readonly string[], indent: string): string {
  const inner = `${indent}  `;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    const text = JSON.stringify(value);
    return floats.includes('') && Number.isInteger(value) && !/e/i.test(text) ? `${text}.0` : text;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item, index) =>
      render(
        item,
        doublesUnder(floats, String(index)).concat(floats.includes('') ? [''] : []),
        inner,
      ),
    );
    return `[\n${items.map((item) => `${inner}${item}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(
      ([key, item]) =>
        `${inner}${JSON.stringify(key)}: ${render(item, doublesUnder(floats, key).concat(floats.includes('') ? [''] : []), inner)}`,
    );
    return `{\n${items.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value ?? null);
}
