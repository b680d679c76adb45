/**
 * Which numbers of a document are floating-point numbers, whole or not. JavaScript has one
 * number type, but the original tool (pymongo) stored every value it rounded, every
 * coordinate, bbox number and statistic, and every config number written as 1.0 as a BSON
 * double, and only counts and seconds as integers; readers that look at types (pymongo, Java,
 * Go, `$type`, dumps) see the difference. A document says which of its paths hold doubles;
 * the store writes them so.
 *
 * A path ("stats", "grid.x") covers every number at or below it. The marks are a
 * non-enumerable property, so they travel with the document but are not a field of it.
 */
const DOUBLES = Symbol.for('flux-manage.doubles');

type Marked = { [DOUBLES]?: readonly string[] };

export function markDoubles<T extends object>(document: T, paths: readonly string[]): T {
  Object.defineProperty(document, DOUBLES, {
    value: [...new Set(paths)],
    enumerable: false,
    configurable: true,
  });
  return document;
}

export function doublesOf(document: object): readonly string[] {
  return (document as Marked)[DOUBLES] ?? [];
}

/** The marks under `key`, relative to it ("" for the whole value). */
export function doublesUnder(paths: readonly string[], key: string): string[] {
  return paths
    .filter((path) => path === key || path.startsWith(`${key}.`))
    .map((path) => path.slice(key.length + 1));
}
