import { scanJson } from './jsonSyntax.js';

/**
 * Which numbers of a JSON text were written as floating-point literals ("1.0", "1e3"), by
 * path ("gridres.x", "spans.0"). Python's json module keeps 1.0 a float and 1 an integer, and
 * the original tool stored them as such (a BSON double and an int32); JSON.parse does not
 * tell them apart, so the text is scanned for them (parse it first: a text that is not JSON
 * throws).
 */
export function jsonFloatPaths(text: string): string[] {
  const floats: string[] = [];
  scanJson(text, (path, literal) => {
    if (/[.eE]/.test(literal)) floats.push(path);
  });
  return floats;
}

/** The float paths under one key, relative to its value ("" when the value itself is a float). */
export function floatsUnder(paths: readonly string[], key: string): string[] {
  return paths
    .filter((path) => path === key || path.startsWith(`${key}.`))
    .map((path) => path.slice(key.length + 1));
}
