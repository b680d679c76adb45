/**
 * Which numbers of a JSON text were written as floating-point literals ("1.0", "1e3"), by
 * path ("gridres.x", "spans.0"). Python's json module keeps 1.0 a float and 1 an integer, and
 * the original tool stored them as such (a BSON double and an int32); JSON.parse does not
 * tell them apart, so the text is scanned for them. The text must be valid JSON (parse it
 * first); the scan is linear and keeps no more than the current path.
 */
export function jsonFloatPaths(text: string): string[] {
  const floats: string[] = [];
  const path: Array<string | number> = [];
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const string = (): string => {
    const start = at;
    at++; // the opening quote
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        const key = string();
        space();
        at++; // ':'
        path.push(key);
        value();
        path.pop();
        space();
        if (text[at++] === '}') return; // else ','
      }
    }
    if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (let index = 0; ; index++) {
        path.push(index);
        value();
        path.pop();
        space();
        if (text[at++] === ']') return; // else ','
      }
    }
    if (char === '"') {
      string();
      return;
    }
    const start = at;
    while (at < text.length && /[-+0-9.eEa-z]/.test(text[at] as string)) at++;
    if (/[.eE]/.test(text.slice(start, at)) && /^-?\d/.test(text.slice(start, at)))
      floats.push(path.join('.'));
  };
  value();
  return floats;
}

/** The float paths under one key, relative to its value ("" when the value itself is a float). */
export function floatsUnder(paths: readonly string[], key: string): string[] {
  return paths
    .filter((path) => path === key || path.startsWith(`${key}.`))
    .map((path) => path.slice(key.length + 1));
}
