import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LiteralSyntaxError,
  MAX_LITERAL_DEPTH,
  parseLiteral,
  readLiteral,
} from '#core/config/literal.js';
import {
  MAX_OVERRIDES_BYTES,
  overridesRecord,
  parseOverrides,
  RAW_TEXT_KEYS,
} from '#core/config/overrides.js';
import { FluxError } from '#core/errors.js';
import { python } from '#test/support/python.js';

const parse = (text: string) => overridesRecord(parseOverrides(text));
const literal = (text: string) => parse(`x=${text}`).x;

/**
 * Asserts that `-o text` is refused as a usage error (exit 2) whose one-line message is
 * `-o segment N "shown": <problem matching pattern> at column C`.
 */
function refuses(
  text: string,
  where: { segment: number; shown: string; column: number },
  problem: RegExp,
): void {
  assert.throws(
    () => parseOverrides(text),
    (error: unknown) => {
      assert.ok(error instanceof FluxError, String(error));
      assert.equal(error.kind, 'usage');
      assert.equal(error.exitCode, 2);
      assert.ok(!/[\n\r]/.test(error.message), `one line: ${JSON.stringify(error.message)}`);
      const prefix = `-o segment ${where.segment} "${where.shown}": `;
      assert.ok(error.message.startsWith(prefix), `${error.message}\n  should start ${prefix}`);
      const suffix = ` at column ${where.column}`;
      assert.ok(error.message.endsWith(suffix), `${error.message}\n  should end ${suffix}`);
      assert.match(error.message.slice(prefix.length, -suffix.length), problem);
      return true;
    },
  );
}

/** How a message shows a segment: on one line, control characters replaced, long text cut. */
function shownAs(segment: string): string {
  const cut = segment.length > 60 ? `${segment.slice(0, 57)}...` : segment;
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return cut.replace(/[\t\n\v\f\r]/g, ' ').replace(/[\u0000-\u001f]/g, '\ufffd');
}

/** A literal refused in segment 1 (`x=...`), at the given column of that segment. */
function refusesLiteral(value: string, column: number, problem: RegExp): void {
  refuses(`x=${value}`, { segment: 1, shown: shownAs(`x=${value}`), column }, problem);
}

describe('-o overrides: what is accepted', () => {
  it('parses the examples of SPEC 4 and of `load --help`', () => {
    assert.deepEqual(
      parse(
        "gridres={'units':'degrees','x':1.0,'y':1.0};steps=[10800];gridded=True;" +
          'precision=None;spans=(518400,);units={"x": "degrees"}',
      ),
      {
        gridres: { units: 'degrees', x: 1, y: 1 },
        steps: [10800],
        gridded: true,
        precision: null,
        spans: [518400],
        units: { x: 'degrees' },
      },
    );
    assert.deepEqual(parse('timestamp=2004-06-30T00:00:00;title=My data'), {
      timestamp: '2004-06-30T00:00:00',
      title: 'My data',
    });
  });

  it('takes the raw text for timestamp, title and var_name, up to the next ";"', () => {
    assert.deepEqual([...RAW_TEXT_KEYS].sort(), ['timestamp', 'title', 'var_name']);
    assert.deepEqual(
      parse("title=Bob's data ;var_name = casa_gfed_2004; timestamp=2003-12-22T03:00:00"),
      { title: "Bob's data", var_name: 'casa_gfed_2004', timestamp: '2003-12-22T03:00:00' },
    );
    // No quote processing and no literal syntax: brackets, "=" and quotes are plain text.
    assert.deepEqual(parse('title="a" = [b'), { title: '"a" = [b' });
    assert.deepEqual(parse('title=;precision=1'), { title: '', precision: 1 });
  });

  it('keeps a ";" inside quotes or brackets in a literal value', () => {
    assert.deepEqual(parse("units={'a;b': \"x;y\"} ;header=['a', 'b;c'];precision=2"), {
      units: { 'a;b': 'x;y' },
      header: ['a', 'b;c'],
      precision: 2,
    });
  });

  it('ignores whitespace around keys and values, and empty segments', () => {
    assert.deepEqual(parse('  steps \t= [ 1 ,\n 2 ]  ;;  ; gridded=\nfalse ;'), {
      steps: [1, 2],
      gridded: false,
    });
    assert.deepEqual(parseOverrides(' ; ;; '), { entries: [], warnings: [] });
    assert.deepEqual(parseOverrides(''), { entries: [], warnings: [] });
  });

  it('numbers segments by what they hold and keeps their order', () => {
    assert.deepEqual(parseOverrides(';a=1;;b="two";').entries, [
      { key: 'a', value: 1, segment: 1 },
      { key: 'b', value: 'two', segment: 2 },
    ]);
  });

  it('lets the last of a repeated key win, in its place, and warns once per key', () => {
    const parsed = parseOverrides('a=1;b=2;a=3;c=4;a=5;b=6');
    assert.deepEqual(
      parsed.entries.map(({ key, value, segment }) => [key, value, segment]),
      [
        ['c', 4, 4],
        ['a', 5, 5],
        ['b', 6, 6],
      ],
    );
    assert.deepEqual(parsed.warnings, [
      '-o gives "a" more than once (segments 1, 3, 5); the last one wins',
      '-o gives "b" more than once (segments 2, 6); the last one wins',
    ]);
    assert.deepEqual(overridesRecord(parsed.entries), { c: 4, a: 5, b: 6 });
  });

  it('returns plain objects whose keys are all own properties', () => {
    const record = parse("units={'constructor': 1, 'toString': 'x', 'hasOwnProperty': None}");
    const units = record.units as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(units), Object.prototype);
    assert.equal(Object.getPrototypeOf(record), Object.prototype);
    assert.deepEqual(Object.keys(units), ['constructor', 'toString', 'hasOwnProperty']);
    assert.equal(units.constructor, 1);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('-o overrides: literals worked by hand', () => {
  it('reads numbers in JSON and Python syntax', () => {
    const cases: Array<[string, number]> = [
      ['0', 0],
      ['-7', -7],
      ['+7', 7],
      ['1_000_000', 1_000_000],
      ['3.25', 3.25],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['-2.5E-3', -0.0025],
      ['1.e2', 100],
      ['00', 0],
      ['007.5', 7.5],
      ['0x1F', 31],
      ['0o17', 15],
      ['0b101', 5],
      ['0x_ff', 255],
      ['1e-999', 0],
      ['9007199254740992', 2 ** 53],
      ['-9007199254740992', -(2 ** 53)],
      ['0x20000000000000', 2 ** 53],
      ['1e308', 1e308],
    ];
    for (const [text, expected] of cases) assert.equal(literal(text), expected, text);
  });

  it('keeps a float -0.0 negative but makes the integer -0 plain 0, as Python does', () => {
    assert.ok(Object.is(literal('-0.0'), -0));
    assert.ok(Object.is(literal('-0'), 0));
  });

  it('reads strings with Python and JSON escapes', () => {
    const cases: Array<[string, string]> = [
      [String.raw`'tab\there'`, 'tab\there'],
      [String.raw`"line\nbreak"`, 'line\nbreak'],
      [String.raw`'it\'s'`, "it's"],
      [String.raw`"say \"hi\""`, 'say "hi"'],
      [String.raw`'back\\slash'`, 'back\\slash'],
      [String.raw`'\x41\u00e9\U0001F600'`, 'Aé😀'],
      [String.raw`"\ud83d\ude00"`, '😀'],
      [String.raw`"a\/b"`, 'a/b'],
      [String.raw`'\101\7'`, 'A\u0007'],
      [String.raw`r'\d+\''`, String.raw`\d+\'`],
      [String.raw`u'plain'`, 'plain'],
      ["'''it's \"triple\"'''", 'it\'s "triple"'],
      ['\'mixed "quotes"\'', 'mixed "quotes"'],
      ['""', ''],
    ];
    for (const [text, expected] of cases) assert.equal(literal(text), expected, text);
  });

  it('reads words, lists, tuples and dicts, with trailing commas', () => {
    assert.deepEqual(literal('[True, False, None, true, false, null]'), [
      true,
      false,
      null,
      true,
      false,
      null,
    ]);
    assert.deepEqual(literal('(1, (2,), [3,], (), (4))'), [1, [2], [3], [], 4]);
    assert.deepEqual(literal('{"a": {"b": [1, {"c": ()}]}, \'d\': 2,}'), {
      a: { b: [1, { c: [] }] },
      d: 2,
    });
    assert.deepEqual(literal("{'a': 1, 'a': 2, 'b': 3}"), { a: 2, b: 3 });
    assert.deepEqual(literal('{}'), {});
  });

  it('allows nesting exactly 32 deep', () => {
    assert.equal(MAX_LITERAL_DEPTH, 32);
    const deep = `${'['.repeat(32)}1${']'.repeat(32)}`;
    let value = literal(deep);
    for (let level = 0; level < 32; level++) value = (value as unknown[])[0] as typeof value;
    assert.equal(value, 1);
  });

  it('exposes the literal reader on its own', () => {
    assert.deepEqual(parseLiteral(" {'a': [1]} "), { a: [1] });
    assert.deepEqual(readLiteral('x=[1] ;rest', 2, ';'), { value: [1], end: 6, floats: [] });
    assert.throws(() => parseLiteral('1;'), LiteralSyntaxError);
  });
});

describe('-o overrides: what is refused', () => {
  it('refuses a segment without "=", and keys that are not names', () => {
    refuses('title=x;steps 10800', { segment: 2, shown: 'steps 10800', column: 7 }, /no "="/);
    refuses('precision', { segment: 1, shown: 'precision', column: 10 }, /no "="/);
    refuses('=1', { segment: 1, shown: '=1', column: 1 }, /expected a key before "="/);
    refuses('my-key=1', { segment: 1, shown: 'my-key=1', column: 3 }, /"my-key" is not a name/);
    refuses('2x=1', { segment: 1, shown: '2x=1', column: 1 }, /"2x" is not a name/);
    refuses('__proto__={}', { segment: 1, shown: '__proto__={}', column: 1 }, /"__proto__"/);
  });

  it('refuses bare words, asking for quotes', () => {
    refusesLiteral('degrees', 3, /^"degrees" is not a literal; to give text, quote it: 'degrees'$/);
    refuses(
      "units={'x': degrees}",
      { segment: 1, shown: "units={'x': degrees}", column: 13 },
      /quote it/,
    );
  });

  it('refuses code: calls, attribute access, indexing, lambda, f-strings', () => {
    refuses(
      "title=x;steps=__import__('os').system('ls')",
      { segment: 2, shown: "steps=__import__('os').system('ls')", column: 7 },
      /^"__import__\(\.\.\.\)" is a function call; nothing is evaluated$/,
    );
    refusesLiteral('set()', 3, /function call/);
    refusesLiteral('os.path', 3, /attribute access/);
    refusesLiteral('a[0]', 3, /indexing/);
    refusesLiteral('lambda: 1', 3, /Python code/);
    refusesLiteral('not True', 3, /Python code/);
    refusesLiteral("f'{x}'", 3, /f-strings are code/);
  });

  it('refuses arithmetic, comparisons, sets, complex numbers and bytes', () => {
    refusesLiteral('1+2', 4, /arithmetic and comparisons are not evaluated/);
    refusesLiteral('[1] * 3', 7, /arithmetic/);
    refusesLiteral('1 < 2', 5, /arithmetic and comparisons/);
    refusesLiteral('{1, 2}', 3, /sets are not supported/);
    refusesLiteral("{'a'}", 3, /sets are not supported/);
    refusesLiteral('2j', 3, /complex numbers are not supported/);
    refusesLiteral('1 + 2.5J', 5, /complex numbers are not supported/);
    refusesLiteral("b'raw'", 3, /bytes are not supported/);
  });

  it('refuses missing values, unterminated strings and brackets, and trailing text', () => {
    refuses(
      "units={'x':}",
      { segment: 1, shown: "units={'x':}", column: 12 },
      /^expected a value$/,
    );
    refuses('a=1;x=;b=2', { segment: 2, shown: 'x=', column: 3 }, /^expected a value$/);
    refusesLiteral('[1, 2', 3, /^missing "\]" \(the "\[" here is never closed\)$/);
    refuses('x=(1, 2;y=3', { segment: 1, shown: 'x=(1, 2;y=3', column: 3 }, /never closed/);
    refusesLiteral('{"a": 1', 3, /missing "\}" \(the "\{" here/);
    refusesLiteral("'open", 3, /^unterminated string \(no closing '\)$/);
    refusesLiteral("'''open''", 3, /unterminated string \(no closing '''\)/);
    refusesLiteral('[1 2]', 6, /expected "," or "\]"/);
    refusesLiteral('[,]', 4, /expected a value/);
    refusesLiteral("{'a' 1}", 8, /expected ":" after a dict key/);
    refusesLiteral('1 2', 5, /^unexpected text after the value$/);
    refusesLiteral("'a' 'b'", 7, /adjacent strings are not joined/);
    refusesLiteral('True # comment', 8, /unexpected text after the value/);
    refusesLiteral('- 1', 3, /expected a number after "-"/);
    refusesLiteral('1.2.3', 3, /malformed number/);
    refusesLiteral('1__0', 3, /malformed number/);
    refusesLiteral('01', 3, /cannot start with 0/);
    refusesLiteral("'\\q'", 4, /unknown escape \\q/);
    refusesLiteral("'\\x4'", 4, /\\x needs 2 hex digits/);
    refusesLiteral("'\\N{DASH}'", 4, /named escapes/);
    refusesLiteral('\u00a0', 3, /unexpected character U\+00A0/);
  });

  it('refuses numbers that cannot be stored exactly or are not finite', () => {
    refusesLiteral('1e999', 3, /too large to store/);
    refusesLiteral('-1e999', 3, /too large to store/);
    refusesLiteral('9007199254740993', 3, /beyond 2\^53 cannot be stored exactly/);
    refusesLiteral('-123456789012345678901234567890', 3, /cannot be stored exactly/);
    refusesLiteral(`0x${'f'.repeat(200)}`, 3, /cannot be stored exactly/);
    refusesLiteral('[1, inf]', 7, /"inf" is not a finite number/);
    refusesLiteral('-Infinity', 3, /"-Infinity" is not a finite number/);
    refusesLiteral('NaN', 3, /"NaN" is not a finite number/);
  });

  it('refuses dict keys MongoDB would read as operators or paths, and other non-text keys', () => {
    refuses(
      'units={"$where": "sleep(1000)"}',
      { segment: 1, shown: 'units={"$where": "sleep(1000)"}', column: 8 },
      /^the key "\$where" is not allowed: a leading "\$" would be a MongoDB operator$/,
    );
    refusesLiteral("{'a': {'b.c': 1}}", 10, /the key "b\.c" is not allowed: .*field path/);
    refusesLiteral("{'__proto__': {'polluted': 1}}", 4, /the key "__proto__" is not allowed/);
    refusesLiteral('{1: 2}', 4, /dict keys must be quoted text/);
    refusesLiteral("{'a\\x00b': 1}", 6, /NUL/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses NUL in strings and raw text, and lone surrogates', () => {
    refusesLiteral("'a\\0'", 5, /NUL character cannot be stored/);
    refusesLiteral("'a\\u0000'", 5, /NUL character/);
    refusesLiteral("'a\0'", 5, /NUL character/);
    refusesLiteral("r'a\0'", 6, /NUL character/);
    refuses('title=a\0b', { segment: 1, shown: 'title=a\ufffdb', column: 8 }, /NUL character/);
    refusesLiteral("'\\ud800'", 3, /lone surrogate \\ud800/);
  });

  it('refuses nesting deeper than 32 without growing the stack', () => {
    const tooDeep = `${'['.repeat(33)}1${']'.repeat(33)}`;
    refusesLiteral(tooDeep, 35, /^nested more than 32 deep$/);
    refusesLiteral('{"a": '.repeat(40), 3 + 6 * 32, /nested more than 32 deep/);
    const hostile = '['.repeat(60_000);
    refuses(`x=${hostile}`, { segment: 1, shown: `x=${'['.repeat(55)}...`, column: 35 }, /32/);
    for (const opener of ['[', '(', '{"k":']) {
      assert.throws(
        () => parseLiteral(opener.repeat(100_000)),
        (error: unknown) => error instanceof LiteralSyntaxError && /32 deep/.test(error.message),
      );
    }
  });

  it('refuses -o text over 64 KiB, counted in UTF-8 bytes', () => {
    assert.equal(MAX_OVERRIDES_BYTES, 65_536);
    const tooLong = /^-o is longer than 65536 bytes \(64 KiB\)/;
    assert.throws(() => parseOverrides(`title=${'x'.repeat(70_000)}`), { message: tooLong });
    assert.throws(() => parseOverrides(`title=${'€'.repeat(30_000)}`), { message: tooLong });
    const justFits = `title=${'x'.repeat(MAX_OVERRIDES_BYTES - 'title='.length)}`;
    assert.equal((parse(justFits).title as string).length, MAX_OVERRIDES_BYTES - 6);
  });

  it('shows a failing segment on one line, columns counted in characters', () => {
    refuses('x=[1,\n2', { segment: 1, shown: 'x=[1, 2', column: 3 }, /never closed/);
    refusesLiteral("'😀'+", 6, /arithmetic/);
    const long = `x=[${'1, '.repeat(40)}oops]`;
    refuses(long, { segment: 1, shown: `${long.slice(0, 57)}...`, column: 124 }, /"oops"/);
  });
});

describe('-o overrides: hostile input stays linear', () => {
  // The timeout guards against a parser that never finishes (exponential backtracking); speed
  // itself is not asserted here.
  it('parses large flat and nested inputs without blowing up', { timeout: 20_000 }, () => {
    // 32 levels of one-item tuples: a parser that re-reads "(x" on seeing "," takes 2^32 steps.
    const tuples = `${'('.repeat(32)}1${',)'.repeat(32)}`;
    let value = literal(tuples);
    for (let level = 0; level < 32; level++) value = (value as unknown[])[0] as typeof value;
    assert.equal(value, 1);
    const numbers = `steps=[${'1.5e1, '.repeat(9_000)}]`;
    assert.equal((parse(numbers).steps as number[]).length, 9_000);
    const words = `header=[${"'abc', ".repeat(9_000)}]`;
    assert.equal((parse(words).header as string[]).length, 9_000);
    const titles = 'title=a;'.repeat(8_000);
    assert.deepEqual(parse(titles), { title: 'a' });
    const segments = 'a=1;'.repeat(16_000);
    const repeated = parseOverrides(segments);
    assert.equal(repeated.entries.length, 1);
    assert.deepEqual(repeated.warnings, [
      '-o gives "a" more than once (16000 times, last in segment 16000); the last one wins',
    ]);
  });
});

describe('-o overrides: agreement with Python and JSON', () => {
  it("reads literals as Python's ast.literal_eval does", async () => {
    const literals = [
      '0',
      '-17',
      '+7',
      '1_000_000',
      '0x1F',
      '0XfF',
      '0o17',
      '0b1010',
      '.5',
      '5.',
      '3.141592653589793',
      '-2.5e-3',
      '1E+10',
      '1_0.2_5e1_0',
      '1e-320',
      '-0.0',
      '9007199254740992',
      '1.7976931348623157e308',
      "'single'",
      '"double"',
      "'tab\\tnew\\nline \\x41 \\u00e9 \\U0001F600 \\101 \\r\\a\\b\\f\\v'",
      "'quote \\' and \\\" and \\\\'",
      "r'raw\\n\\d'",
      "R'C:\\path\\x'",
      "u'unicode é'",
      "'''triple 'quoted' text'''",
      '"""a\nb"""',
      "'line \\\ncontinued'",
      'True',
      'False',
      'None',
      '[]',
      '()',
      '(1)',
      '(1,)',
      '((1,),)',
      '[1,2,3,]',
      '[1, [2, (3, 4)], {"k": [5]}]',
      "{'a': 1, 'b': [True, False, None],}",
      "{'a': 1, 'a': 2}",
      '{"units": "degrees", "x": 1.0, "y": 1.0}',
      '{}',
      '  [ 1 ,\n 2 ]  ',
      `${'['.repeat(32)}${']'.repeat(32)}`,
    ];
    const expected = await python<unknown[]>(
      'import ast\nemit([ast.literal_eval(s.strip()) for s in data])',
      literals,
    );
    assert.equal(expected.length, literals.length);
    literals.forEach((text, index) => {
      // Python's tuples become arrays, as they do here.
      assert.deepEqual(parseLiteral(text), expected[index], text);
      assert.deepEqual(literal(text), expected[index], text);
    });
  });

  it('reads JSON as JSON.parse does', () => {
    const texts = [
      '{"a": [1, -2.5e3, true, false, null], "b": {"c": "\\u00e9\\n\\"\\/"}}',
      '[0, -0.0, 0.1, 1E2, 1e-2, "", "\\ud83d\\ude00"]',
      '"\\b\\f\\n\\r\\t\\\\"',
      ' { } ',
    ];
    for (const text of texts) assert.deepEqual(parseLiteral(text), JSON.parse(text), text);
  });
});

describe('overrides: messages that name the text as a form does (label)', () => {
  const asForm = { label: 'overrides' };

  it('names the failing part by its label and number, with the same text and column', () => {
    // Part 2 is "units={'x':}"; its value is missing at column 12 of that part ("}" is there).
    const text = "title=ok;units={'x':}";
    assert.throws(
      () => parseOverrides(text, asForm),
      (error: unknown) => {
        assert.ok(error instanceof FluxError && error.kind === 'usage', String(error));
        assert.match(error.message, /^overrides, part 2 "units=\{'x':\}": .+ at column 12$/);
        assert.doesNotMatch(error.message, /-o/);
        return true;
      },
    );
    // Without a label, the same failure in the CLI's words (as before).
    assert.throws(() => parseOverrides(text), {
      message: /^-o segment 2 "units=\{'x':\}": .+ at column 12$/,
    });
  });

  it('says too long and given twice without naming a command-line flag', () => {
    assert.throws(() => parseOverrides(`title=${'x'.repeat(70_000)}`, asForm), {
      message: 'overrides: longer than 65536 bytes (64 KiB); put large settings in a config file',
    });
    assert.throws(() => parseOverrides(`title=${'x'.repeat(70_000)}`), {
      message: '-o is longer than 65536 bytes (64 KiB); put large settings in a config file (-c)',
    });
    assert.deepEqual(parseOverrides('a=1;b=2;a=3', asForm).warnings, [
      'overrides: "a" is given more than once (parts 1, 3); the last one wins',
    ]);
    assert.deepEqual(parseOverrides('a=1;'.repeat(7), asForm).warnings, [
      'overrides: "a" is given more than once (7 times, last in part 7); the last one wins',
    ]);
  });
});
