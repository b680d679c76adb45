/** Where a JSON text stops being JSON: the offset, and what was expected there. */
export class JsonSyntaxError extends Error {
  constructor(
    problem: string,
    readonly at: number,
  ) {
    super(problem);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Walks a JSON text as strictly as JSON.parse, telling `onNumber` the path ("gridres.x",
 * "spans.0") and the literal of each number; throws a JsonSyntaxError where the text stops
 * being JSON. One scanner for what JSON.parse does not tell: where an error is, and how a
 * number was written.
 */
export function scanJson(text: string, onNumber?: (path: string, literal: string) => void): void {
  let at = 0;
  const path: Array<string | number> = [];
  const fail = (problem: string): never => {
    throw new JsonSyntaxError(problem, at);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail('expected a value');
  };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') {
      const char = text[at] as string;
      if (char < ' ') fail('control character in a string');
      if (char === '\\') {
        const escape = text[at + 1] ?? '';
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) fail('bad \\u escape');
          at += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escape) || escape === '') fail('bad escape in a string');
        at += 2;
        continue;
      }
      at++;
    }
    if (at >= text.length) fail('unterminated string');
    at++;
    return text.slice(start, at);
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail('expected a value');
    const literal = (match as RegExpExecArray)[0];
    at += literal.length;
    onNumber?.(path.join('.'), literal);
  };
  const value = (depth: number): void => {
    if (depth > 512) fail('nested too deeply');
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
        if (text[at] !== '"') fail(text[at] === '}' ? 'trailing comma' : 'expected a quoted key');
        const key = JSON.parse(string()) as string;
        space();
        if (text[at] !== ':') fail('expected ":"');
        at++;
        path.push(key);
        value(depth + 1);
        path.pop();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return;
        }
        fail('expected "," or "}"');
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
        value(depth + 1);
        path.pop();
        space();
        if (text[at] === ',') {
          at++;
          space();
          if (text[at] === ']') fail('trailing comma');
          continue;
        }
        if (text[at] === ']') {
          at++;
          return;
        }
        fail('expected "," or "]"');
      }
    }
    if (char === '"') {
      string();
      return;
    }
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === undefined) fail('unexpected end of the file');
    return number();
  };
  value(0);
  space();
  if (at < text.length) fail('unexpected text after the end');
}

/**
 * Where a JSON text stops being JSON, as line and column, for config errors an operator can
 * act on (JSON.parse's message does not always say where). Only called after JSON.parse fails.
 */
export function locateJsonError(text: string): { line: number; column: number; problem: string } {
  let problem = 'not valid JSON';
  let at = text.length;
  try {
    scanJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problem = error.message;
    at = error.at;
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { line, column, problem };
}
