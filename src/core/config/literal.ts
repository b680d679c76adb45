/**
 * One literal in JSON or Python syntax, parsed without evaluating anything: numbers, quoted
 * strings, True/False/None and true/false/null, lists, tuples and dicts with text keys.
 * Linear in the input; nesting is capped before recursing, so hostile input cannot exhaust
 * the stack.
 */
export const MAX_DEPTH = 32;

export class LiteralError extends Error {
  constructor(
    message: string,
    /** Offset into the parsed text where the problem is. */
    readonly at: number,
  ) {
    super(message);
  }
}

export type Literal = null | boolean | number | string | Literal[] | { [key: string]: Literal };

const WORDS: Record<string, Literal> = {
  True: true,
  False: false,
  None: null,
  true: true,
  false: false,
  null: null,
};
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\u0007',
  '/': '/',
  '\n': '',
};

export class LiteralParser {
  at: number;

  constructor(
    private readonly text: string,
    start = 0,
  ) {
    this.at = start;
  }

  private fail(message: string, at = this.at): never {
    throw new LiteralError(message, at);
  }

  space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at++;
  }

  value(depth = 0): Literal {
    this.space();
    const char = this.text[this.at];
    if (char === undefined) this.fail('expected a value');
    if (char === '[') return this.sequence(']', depth);
    if (char === '(') return this.tuple(depth);
    if (char === '{') return this.dict(depth);
    if (char === '"' || char === "'") return this.string();
    if (
      (char === 'r' || char === 'R') &&
      (this.text[this.at + 1] === '"' || this.text[this.at + 1] === "'")
    ) {
      this.at++;
      return this.string(true);
    }
    if (/[-+0-9.]/.test(char)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at))?.[0];
    if (word !== undefined && Object.hasOwn(WORDS, word)) {
      this.at += word.length;
      return WORDS[word] as Literal;
    }
    if (word !== undefined) {
      const after = this.text.slice(this.at + word.length).trimStart()[0];
      if (after === '(' || after === '.' || after === '[')
        this.fail(`"${word}..." is code, not a literal (nothing is evaluated)`);
      this.fail(`"${word}" is not a literal; quote text: '${word}'`);
    }
    this.fail(`unexpected "${char}"`);
  }

  private enter(depth: number): void {
    if (depth >= MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} deep`);
  }

  private sequence(close: string, depth: number): Literal[] {
    this.enter(depth);
    this.at++;
    const items: Literal[] = [];
    for (;;) {
      this.space();
      if (this.text[this.at] === close) {
        this.at++;
        return items;
      }
      items.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === close) {
        this.at++;
        return items;
      }
      this.fail(next === undefined ? `missing "${close}"` : `expected "," or "${close}"`);
    }
  }

  /** (1, 2) and (1,) are tuples, () is empty, (1) is just 1 in parentheses. */
  private tuple(depth: number): Literal {
    this.enter(depth);
    const start = this.at;
    this.at++;
    this.space();
    if (this.text[this.at] === ')') {
      this.at++;
      return [];
    }
    const first = this.value(depth + 1);
    this.space();
    if (this.text[this.at] === ')') {
      this.at++;
      return first;
    }
    this.at = start;
    return this.sequence(')', depth);
  }

  private dict(depth: number): { [key: string]: Literal } {
    this.enter(depth);
    const open = this.at;
    this.at++;
    const result: { [key: string]: Literal } = {};
    for (;;) {
      this.space();
      if (this.text[this.at] === '}') {
        this.at++;
        return result;
      }
      const keyAt = this.at;
      const key = this.value(depth + 1);
      this.space();
      if (this.text[this.at] !== ':') {
        if (this.text[this.at] === ',' || this.text[this.at] === '}')
          this.fail('sets are not supported (a dict needs key: value)', open);
        this.fail('expected ":" after a dict key');
      }
      if (typeof key !== 'string') this.fail('dict keys must be quoted text', keyAt);
      if (key.startsWith('$') || key.includes('.') || key.includes('\0') || key === '__proto__') {
        this.fail(
          `the key "${key}" is not allowed (a leading "$" or a "." would be a MongoDB operator or path)`,
          keyAt,
        );
      }
      this.at++;
      result[key] = this.value(depth + 1);
      this.space();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === '}') {
        this.at++;
        return result;
      }
      this.fail(next === undefined ? 'missing "}"' : 'expected "," or "}"');
    }
  }

  private string(raw = false): string {
    const quote = this.text[this.at] as string;
    const start = this.at;
    this.at++;
    let out = '';
    while (this.at < this.text.length && this.text[this.at] !== quote) {
      const char = this.text[this.at] as string;
      if (char === '\\' && !raw) {
        out += this.escape();
        continue;
      }
      if (char === '\\' && raw && this.text[this.at + 1] === quote) {
        out += `\\${quote}`;
        this.at += 2;
        continue;
      }
      out += char;
      this.at++;
    }
    if (this.at >= this.text.length) this.fail('unterminated string', start);
    this.at++;
    if (out.includes('\0')) this.fail('text with a NUL character', start);
    return out;
  }

  private escape(): string {
    const code = this.text[this.at + 1];
    if (code === undefined) this.fail('unterminated string');
    const simple = SIMPLE_ESCAPES[code];
    if (simple !== undefined) {
      this.at += 2;
      return simple;
    }
    const hex = (digits: number) => {
      const text = this.text.slice(this.at + 2, this.at + 2 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(text)) this.fail(`bad \\${code} escape`);
      const point = Number.parseInt(text, 16);
      if (point > 0x10ffff) this.fail(`bad \\${code} escape`);
      this.at += 2 + digits;
      return String.fromCodePoint(point);
    };
    if (code === 'x') return hex(2);
    if (code === 'u') return hex(4);
    if (code === 'U') return hex(8);
    if (/[0-7]/.test(code)) {
      const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.at + 1))?.[0] as string;
      this.at += 1 + octal.length;
      return String.fromCharCode(Number.parseInt(octal, 8));
    }
    this.fail(`unknown escape \\${code}`);
  }

  private number(): number {
    const start = this.at;
    const match =
      /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?)/.exec(
        this.text.slice(this.at),
      );
    if (!match || !/\d/.test(match[0])) this.fail('expected a number');
    const text = (match as RegExpExecArray)[0];
    this.at += text.length;
    const rest = this.text[this.at];
    if (rest === 'j' || rest === 'J') this.fail('complex numbers are not supported', start);
    if (rest !== undefined && /[A-Za-z0-9_.]/.test(rest)) this.fail('not a number', start);
    if (/__|_$|^[-+]?_|_\.|\._|_[eE]|[eE][-+]?_/.test(text))
      this.fail('misplaced "_" in a number', start);
    const sign = text.startsWith('-') ? -1 : 1;
    const body = text.replace(/^[-+]/, '').replace(/_/g, '');
    let value: number;
    if (/^0[xob]/i.test(body)) {
      const base = { x: 16, o: 8, b: 2 }[(body[1] as string).toLowerCase() as 'x' | 'o' | 'b'];
      const big = BigInt(`0${(body[1] as string).toLowerCase()}${body.slice(2)}`);
      if (big > BigInt(Number.MAX_SAFE_INTEGER))
        this.fail('an integer this large cannot be stored exactly', start);
      void base;
      value = Number(big);
    } else if (/^\d+$/.test(body)) {
      if (body.length > 1 && body.startsWith('0') && /[1-9]/.test(body))
        this.fail('integers cannot start with 0 (Python 3)', start);
      const big = BigInt(body);
      if (big > BigInt(Number.MAX_SAFE_INTEGER))
        this.fail('an integer this large cannot be stored exactly', start);
      value = Number(big);
    } else {
      value = Number(body);
      if (!Number.isFinite(value)) this.fail('a number too large to store', start);
    }
    return sign * value;
  }
}
