/**
 * Where a JSON text stops being JSON, as line and column, for config errors an operator can
 * act on (JSON.parse's message does not always say where). Only called after JSON.parse fails.
 */
export function locateJsonError(text: string): { line: number; column: number; problem: string } {
  let at = 0;
  const fail = (problem: string): never => {
    throw Object.assign(new Error(problem), { at });
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail('expected a value');
  };
  const string = () => {
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
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail('expected a value');
    at += (match as RegExpExecArray)[0].length;
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
        string();
        space();
        if (text[at] !== ':') fail('expected ":"');
        at++;
        value(depth + 1);
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
      for (;;) {
        value(depth + 1);
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
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === undefined) fail('unexpected end of the file');
    return number();
  };
  let problem = 'not valid JSON';
  try {
    value(0);
    space();
    if (at < text.length) fail('unexpected text after the end');
  } catch (error) {
    problem = (error as Error).message;
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { line, column, problem };
}
