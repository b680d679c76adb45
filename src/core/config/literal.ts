/**
 * One literal in JSON or Python syntax, read by a hand-written recursive-descent parser that
 * never evaluates anything: numbers, quoted strings, True/False/None and true/false/null,
 * lists, tuples (both become arrays) and dicts with text keys.
 *
 * Every step moves forward through the text (no backtracking, sticky regular expressions
 * instead of slices), so the work is linear in the input; nesting is checked before each
 * recursive call, so hostile input cannot exhaust the stack. Whatever comes out can be
 * stored in MongoDB as given: finite numbers, exact integers, no NUL, no lone surrogates,
 * no dict key that MongoDB would read as an operator or a field path.
 */

export const MAX_LITERAL_DEPTH = 32;

/** 2^53: integers above it cannot all be told apart once stored as a double. */
const LARGEST_EXACT_INTEGER = 2n ** 53n;

export type Literal = null | boolean | number | string | Literal[] | { [key: string]: Literal };

/** A literal that cannot be read, and the offset into the text where reading failed. */
export class LiteralSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'LiteralSyntaxError';
  }
}

export interface LiteralRead {
  value: Literal;
  /** Offset just past the literal and any whitespace after it. */
  end: number;
  /**
   * Paths (dot-separated, relative to the value; "" for the value itself) of the numbers
   * written as floats (1.0, 1e3): Python keeps them floats, and they are stored as doubles.
   */
  floats: string[];
}

/** Parses `text` as exactly one literal, surrounded by nothing but whitespace. */
export function parseLiteral(text: string): Literal {
  return readLiteral(text, 0).value;
}

/**
 * Reads one literal starting at `start`. After it (and whitespace) must come the end of the
 * text or one of `terminators`; anything else is refused with a reason (arithmetic, a
 * complex number, ...), because silently ignoring it would load something else than meant.
 */
export function readLiteral(text: string, start: number, terminators = ''): LiteralRead {
  const reader = new LiteralReader(text, start);
  const value = reader.value(0);
  reader.skipSpace();
  reader.expectEnd(terminators);
  return { value, end: reader.offset, floats: reader.floats };
}

const WORDS: ReadonlyMap<string, Literal> = new Map<string, Literal>([
  ['True', true],
  ['False', false],
  ['None', null],
  ['true', true],
  ['false', false],
  ['null', null],
]);
const NOT_FINITE_WORDS = new Set(['inf', 'Infinity', 'nan', 'NaN']);
/** Words that start Python expressions rather than name something. */
const CODE_WORDS = new Set(['lambda', 'not', 'await', 'yield', 'import', 'if', 'for']);

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['b', '\b'],
  ['f', '\f'],
  ['v', '\v'],
  ['a', '\u0007'],
  ['/', '/'], // JSON's escaped solidus
  ['\n', ''], // Python's line continuation inside a string
]);

const SPACE = /[ \t\n\r\f\v]*/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const DIGITS = String.raw`\d(?:_?\d)*`;
/** Python's number syntax (which contains JSON's), with a sign and without the imaginary `j`. */
const NUMBER = new RegExp(
  String.raw`[-+]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|` +
    String.raw`(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][-+]?${DIGITS})?)`,
  'y',
);
const HEX_DIGITS = /[0-9a-fA-F]{0,8}/y;
const OCTAL_DIGITS = /[0-7]{1,3}/y;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Characters that end or separate values: seeing one where a value should start means it is missing. */
const VALUE_ENDS = ';,:)]}';
const OPERATOR_CHARS = '+-*/%@&|^<>=!~';
/** `+ 2j` after a number: the imaginary half of a complex number. */
const IMAGINARY_PART = /[-+][ \t]*(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?[jJ]/y;
const BYTES_PREFIXES = new Set(['b', 'br', 'rb']);
const FORMAT_PREFIXES = new Set(['f', 'fr', 'rf']);

class LiteralReader {
  offset: number;
  /** Where the value being read sits in the whole literal, and the floats met so far. */
  private readonly path: Array<string | number> = [];
  readonly floats: string[] = [];

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.offset = start;
  }

  private fail(message: string, offset = this.offset): never {
    throw new LiteralSyntaxError(message, offset);
  }

  private peek(ahead = 0): string | undefined {
    return this.text[this.offset + ahead];
  }

  /** Matches a sticky pattern at the cursor without moving it. */
  private match(pattern: RegExp, at = this.offset): string | undefined {
    pattern.lastIndex = at;
    return pattern.exec(this.text)?.[0];
  }

  skipSpace(): void {
    this.offset += (this.match(SPACE) ?? '').length;
  }

  value(depth: number): Literal {
    this.skipSpace();
    const char = this.peek();
    if (char === undefined || VALUE_ENDS.includes(char)) return this.fail('expected a value');
    if (char === '[') return this.list(depth);
    if (char === '(') return this.parenthesized(depth);
    if (char === '{') return this.dict(depth);
    if (char === '"' || char === "'") return this.string(false);
    if (isDigit(char) || char === '-' || char === '+' || (char === '.' && isDigit(this.peek(1))))
      return this.number();
    const word = this.match(WORD);
    if (word !== undefined) return this.word(word);
    return this.fail(`unexpected ${describeChar(char)}`);
  }

  /** Checks depth before a container recurses, so nesting can never overflow the stack. */
  private enterContainer(depth: number): void {
    if (depth >= MAX_LITERAL_DEPTH) this.fail(`nested more than ${MAX_LITERAL_DEPTH} deep`);
  }

  private list(depth: number): Literal[] {
    this.enterContainer(depth);
    const open = this.offset++;
    return this.items([], ']', open, depth);
  }

  /** `(1, 2)` and `(1,)` are tuples, `()` is empty, `(1)` is just 1 in parentheses. */
  private parenthesized(depth: number): Literal {
    this.enterContainer(depth);
    const open = this.offset++;
    this.skipSpace();
    if (this.peek() === ')') {
      this.offset++;
      return [];
    }
    const floatsBefore = this.floats.length;
    this.path.push(0);
    const first = this.value(depth + 1);
    this.path.pop();
    this.skipSpace();
    if (this.afterItem(')', open) === 'closed') {
      // Only parentheses around a value: its floats are where the value is, not at [0].
      const here = this.path.join('.');
      for (let index = floatsBefore; index < this.floats.length; index++) {
        const inner = (this.floats[index] as string).slice(here ? here.length + 1 : 0);
        const rest = inner.replace(/^0(\.|$)/, '');
        this.floats[index] = [here, rest].filter(Boolean).join('.');
      }
      return first;
    }
    return this.items([first], ')', open, depth);
  }

  /** The rest of a list or tuple: items separated by commas, an optional trailing comma. */
  private items(items: Literal[], close: string, open: number, depth: number): Literal[] {
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) {
        this.offset++;
        return items;
      }
      this.path.push(items.length);
      items.push(this.value(depth + 1));
      this.path.pop();
      this.skipSpace();
      if (this.afterItem(close, open) === 'closed') return items;
    }
  }

  /** Consumes the "," or closing bracket after an item; anything else is an error. */
  private afterItem(close: string, open: number): 'more' | 'closed' {
    const next = this.peek();
    if (next === ',' || next === close) {
      this.offset++;
      return next === ',' ? 'more' : 'closed';
    }
    // A ";" here belongs to the value only inside a string, so the bracket was left open.
    if (next === undefined || next === ';')
      this.fail(
        `missing "${close}" (the "${this.text[open] as string}" here is never closed)`,
        open,
      );
    return this.fail(`expected "," or "${close}"`);
  }

  private dict(depth: number): { [key: string]: Literal } {
    this.enterContainer(depth);
    const open = this.offset++;
    // A Map keeps Python's order for repeated keys and cannot touch any prototype.
    const entries = new Map<string, Literal>();
    for (;;) {
      this.skipSpace();
      if (this.peek() === '}') {
        this.offset++;
        break;
      }
      const keyOffset = this.offset;
      const key = this.value(depth + 1);
      this.skipSpace();
      if (this.peek() !== ':') {
        if (this.peek() === ',' || this.peek() === '}')
          this.fail('sets are not supported (a dict needs key: value pairs)', open);
        this.fail('expected ":" after a dict key');
      }
      if (typeof key !== 'string') this.fail('dict keys must be quoted text', keyOffset);
      const problem = dictKeyProblem(key);
      if (problem) this.fail(problem, keyOffset);
      this.offset++;
      this.path.push(key);
      entries.set(key, this.value(depth + 1));
      this.path.pop();
      this.skipSpace();
      if (this.afterItem('}', open) === 'closed') break;
    }
    return Object.fromEntries(entries);
  }

  private word(word: string): Literal {
    const known = WORDS.get(word);
    if (known !== undefined) {
      this.offset += word.length;
      return known;
    }
    const shown = abbreviate(word);
    // A string prefix such as r'...' or b'...' sits right against its quote.
    const quote = this.peek(word.length);
    if (quote === '"' || quote === "'") return this.prefixedString(word);
    if (NOT_FINITE_WORDS.has(word))
      this.fail(`"${shown}" is not a finite number; it cannot be stored`);
    if (CODE_WORDS.has(word)) this.fail(`"${shown}" is Python code; nothing is evaluated`);
    const after = this.match(SPACE, this.offset + word.length) ?? '';
    const next = this.text[this.offset + word.length + after.length];
    if (next === '(') this.fail(`"${shown}(...)" is a function call; nothing is evaluated`);
    if (next === '.')
      this.fail(`"${shown}." is attribute access, which is code; nothing is evaluated`);
    if (next === '[') this.fail(`"${shown}[" is indexing, which is code; nothing is evaluated`);
    return this.fail(`"${shown}" is not a literal; to give text, quote it: '${shown}'`);
  }

  private prefixedString(prefix: string): string {
    const lower = prefix.toLowerCase();
    if (lower === 'u' || lower === 'r') {
      this.offset += prefix.length;
      return this.string(lower === 'r');
    }
    if (BYTES_PREFIXES.has(lower)) this.fail('bytes are not supported; give text without the b');
    if (FORMAT_PREFIXES.has(lower))
      this.fail('f-strings are code, not literals; nothing is evaluated');
    return this.fail(`"${abbreviate(prefix)}" is not a string prefix`);
  }

  /** A quoted string, '...' or "...", or triple-quoted, with Python's and JSON's escapes. */
  private string(raw: boolean): string {
    const open = this.offset;
    const quote = this.text[open] as string;
    const triple = this.peek(1) === quote && this.peek(2) === quote;
    const closing = triple ? quote.repeat(3) : quote;
    this.offset += closing.length;
    let out = '';
    let runStart = this.offset;
    for (;;) {
      const char = this.peek();
      if (char === undefined || ((char === '\n' || char === '\r') && !triple))
        this.fail(`unterminated string (no closing ${closing})`, open);
      if (char === quote && this.text.startsWith(closing, this.offset)) break;
      if (char === '\0') this.fail('text containing a NUL character cannot be stored');
      if (char !== '\\') {
        this.offset++;
        continue;
      }
      out += this.text.slice(runStart, this.offset);
      out += raw ? this.rawEscape(open, closing) : this.escape(open, closing);
      runStart = this.offset;
    }
    out += this.text.slice(runStart, this.offset);
    this.offset += closing.length;
    const lone = LONE_SURROGATE.exec(out);
    if (lone) {
      const code = (lone[0].codePointAt(0) as number).toString(16);
      this.fail(`a lone surrogate \\u${code} cannot be stored as UTF-8`, open);
    }
    return out;
  }

  /** In r'...' a backslash stays, and only keeps the next character from ending the string. */
  private rawEscape(open: number, closing: string): string {
    const next = this.peek(1);
    if (next === undefined) this.fail(`unterminated string (no closing ${closing})`, open);
    if (next === '\0') this.fail('text containing a NUL character cannot be stored');
    this.offset += 2;
    return `\\${next}`;
  }

  private escape(open: number, closing: string): string {
    const at = this.offset;
    const code = this.peek(1);
    if (code === undefined) this.fail(`unterminated string (no closing ${closing})`, open);
    const simple = SIMPLE_ESCAPES.get(code);
    if (simple !== undefined) {
      this.offset += 2;
      return simple;
    }
    let result: string;
    if (code === 'x') result = this.hexEscape(2, String.fromCharCode);
    else if (code === 'u') result = this.hexEscape(4, String.fromCharCode);
    else if (code === 'U') result = this.hexEscape(8, String.fromCodePoint);
    else if (code >= '0' && code <= '7') {
      const octal = this.match(OCTAL_DIGITS, at + 1) as string;
      this.offset += 1 + octal.length;
      result = String.fromCharCode(Number.parseInt(octal, 8));
    } else if (code === 'N') {
      return this.fail('named escapes \\N{...} are not supported; use \\u');
    } else {
      return this.fail(`unknown escape \\${code} (write \\\\ for a backslash)`);
    }
    if (result === '\0') this.fail('text containing a NUL character cannot be stored', at);
    return result;
  }

  /** \xhh, \uXXXX (a UTF-16 unit, so JSON's surrogate pairs join up) and \UXXXXXXXX. */
  private hexEscape(digits: number, decode: (code: number) => string): string {
    const at = this.offset;
    const code = this.peek(1) as string;
    const hex = (this.match(HEX_DIGITS, at + 2) as string).slice(0, digits);
    const point = Number.parseInt(hex, 16);
    if (hex.length !== digits || point > 0x10ffff)
      this.fail(`\\${code} needs ${digits} hex digits${code === 'U' ? ' up to 0010FFFF' : ''}`);
    this.offset += 2 + digits;
    return decode(point);
  }

  private number(): number {
    const start = this.offset;
    const text = this.match(NUMBER);
    if (text === undefined) {
      const after = this.match(WORD, start + 1);
      if (after !== undefined && NOT_FINITE_WORDS.has(after))
        this.fail(`"${this.peek()}${after}" is not a finite number; it cannot be stored`);
      return this.fail(`expected a number after "${this.peek()}"`);
    }
    this.offset += text.length;
    const next = this.peek();
    if (next === 'j' || next === 'J') this.fail('complex numbers are not supported', start);
    if (next !== undefined && /[A-Za-z0-9_.]/.test(next))
      this.fail(`malformed number (${describeChar(next)} cannot follow it)`, start);
    const negative = text.startsWith('-');
    const body = text.replace(/^[-+]/, '').replace(/_/g, '');
    if (/^0[xob]/i.test(body) || /^\d+$/.test(body)) {
      const magnitude = this.integer(body, start);
      // Python's -0 is the integer 0, not a negative zero.
      return negative && magnitude !== 0 ? -magnitude : magnitude;
    }
    const magnitude = Number(body);
    if (!Number.isFinite(magnitude))
      this.fail('a number too large to store (it is infinite as a double)', start);
    this.floats.push(this.path.join('.'));
    return negative ? -magnitude : magnitude;
  }

  /** An integer's magnitude, refused when a double cannot hold it exactly. */
  private integer(body: string, start: number): number {
    const prefixed = /^0[xob]/i.test(body);
    if (!prefixed && /^0+[1-9]/.test(body))
      this.fail('integers cannot start with 0 (Python 3 has no 0777 octal)', start);
    const digits = (prefixed ? body.slice(2) : body).replace(/^0+/, '') || '0';
    // Past 64 digits the value exceeds 2^53 in every base; skip the BigInt work.
    const magnitude =
      digits.length > 64 ? undefined : BigInt(prefixed ? `${body.slice(0, 2)}${digits}` : digits);
    if (magnitude === undefined || magnitude > LARGEST_EXACT_INTEGER)
      this.fail('an integer beyond 2^53 cannot be stored exactly; write it as text', start);
    return Number(magnitude);
  }

  /** After the literal: the end of the text or a terminator; explains common mistakes. */
  expectEnd(terminators: string): void {
    const next = this.peek();
    if (next === undefined || terminators.includes(next)) return;
    if (this.match(IMAGINARY_PART) !== undefined) this.fail('complex numbers are not supported');
    if (OPERATOR_CHARS.includes(next))
      this.fail(`"${next}": arithmetic and comparisons are not evaluated; give one value`);
    if (next === '"' || next === "'")
      this.fail('unexpected text after the value (adjacent strings are not joined)');
    this.fail('unexpected text after the value');
  }
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Why MongoDB could not take this as a field name, or null when it can. */
function dictKeyProblem(key: string): string | null {
  const shown = JSON.stringify(abbreviate(key));
  if (key.startsWith('$'))
    return `the key ${shown} is not allowed: a leading "$" would be a MongoDB operator`;
  if (key.includes('.'))
    return `the key ${shown} is not allowed: a "." would be read as a MongoDB field path`;
  if (key === '__proto__')
    return 'the key "__proto__" is not allowed: it would replace an object\'s prototype';
  return null;
}

function describeChar(char: string): string {
  const code = char.codePointAt(0) as number;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || /\s/.test(char))
    return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${char}"`;
}

function abbreviate(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length - 3)}...` : text;
}
