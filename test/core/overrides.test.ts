import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overridesRecord, parseOverrides } from '#core/config/overrides.js';
import { UsageError } from '#core/errors.js';
import { python } from '#test/support/python.js';

const parse = (text: string) => overridesRecord(parseOverrides(text));

function refuses(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseOverrides(text),
    (error: unknown) => {
      assert.ok(error instanceof UsageError, String(error));
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes('\n'), 'one line');
      return true;
    },
  );
}

describe('-o overrides', () => {
  it("parses SPEC 4's examples", () => {
    assert.deepEqual(parse("title=MyData;gridres={'units':'degrees','x':1.0,'y':1.0}"), {
      title: 'MyData',
      gridres: { units: 'degrees', x: 1, y: 1 },
    });
    assert.deepEqual(parse('timestamp=2003-12-22T03:00:00;var_name=casa_gfed_2004'), {
      timestamp: '2003-12-22T03:00:00',
      var_name: 'casa_gfed_2004',
    });
    assert.deepEqual(parse('steps=[10800];gridded=True;precision=None;spans=(518400,)'), {
      steps: [10800],
      gridded: true,
      precision: null,
      spans: [518400],
    });
  });

  it('takes raw text for timestamp, title and var_name; a ";" inside quotes or brackets stays in the value', () => {
    assert.deepEqual(parse("title=Bob's data; units={'a;b': \"x;y\"} ;"), {
      title: "Bob's data",
      units: { 'a;b': 'x;y' },
    });
    assert.deepEqual(parse('header=["a", "b;c"]'), { header: ['a', 'b;c'] });
  });

  it('lets the last of a repeated key win, and says so', () => {
    const parsed = parseOverrides('precision=1;precision=3');
    assert.deepEqual(overridesRecord(parsed), { precision: 3 });
    assert.match(parsed.warnings[0] ?? '', /"precision" more than once/);
  });

  it('refuses code, bare words, sets, complex numbers and trailing text, naming the segment and column', () => {
    refuses(
      "title=x;steps=__import__('os').system('ls')",
      /^-o segment 2 "steps=__import__\('os'\)\.system\('ls'\)": "__import__\.\.\." is code, not a literal \(nothing is evaluated\) at column 7$/,
    );
    refuses(
      'units=degrees',
      /-o segment 1 "units=degrees": "degrees" is not a literal; quote text: 'degrees' at column 7/,
    );
    refuses('x={1, 2}', /sets are not supported/);
    refuses('x=1+2', /unexpected text after the value at column 4/);
    refuses('x=2j', /complex numbers are not supported/);
    refuses('x=[1, 2', /missing "\]"/);
    refuses("x='open", /unterminated string/);
    refuses('=1', /expected a key/);
    refuses('steps 10800', /expected "=" after "steps"/);
  });

  it('refuses huge numbers, deep nesting, $ operators and dotted keys', () => {
    refuses('x=1e999', /a number too large to store/);
    refuses('x=123456789012345678901234567890', /cannot be stored exactly/);
    refuses(`x=${'['.repeat(33)}${']'.repeat(33)}`, /nested more than 32 deep/);
    refuses(`x=${'['.repeat(60_000)}`, /nested more than 32 deep/);
    refuses('units={"$where": "sleep(1000)"}', /the key "\$where" is not allowed/);
    refuses("units={'a.b': 'c'}", /the key "a\.b" is not allowed/);
    refuses("units={'__proto__': {}}", /the key "__proto__" is not allowed/);
    refuses(`title=${'x'.repeat(70_000)}`, /the limit is 65536/);
  });

  it('parses literals as Python does (ast.literal_eval)', async () => {
    const literals = [
      '1',
      '-2.5e-3',
      '+7',
      '1_000_000',
      '0x1F',
      '0o17',
      '0b101',
      '.5',
      '5.',
      "'single'",
      '"double"',
      "'tab\\tnew\\nline \\x41 \\u00e9 \\101'",
      "r'raw\\n'",
      'True',
      'None',
      '[1, [2, (3, 4)], {"k": [5]}]',
      '(1)',
      '()',
      '(1,)',
      "{'a': 1, 'b': [True, False, None],}",
      '[1,2,3,]',
      '{}',
    ];
    const expected = await python<unknown[]>(
      'import ast\nemit([ast.literal_eval(s) for s in data])',
      literals,
    );
    literals.forEach((literal, index) => {
      const ours = parse(`x=${literal}`).x;
      // Python tuples become lists in JSON, as they become arrays here.
      assert.deepEqual(ours, expected[index], literal);
    });
  });
});
