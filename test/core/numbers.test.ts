import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  applyPercentFormat,
  bboxMd5,
  formatFixed,
  isDecimalTie,
  parsePercentFormat,
  PercentFormatError,
  pythonFloatRepr,
  pythonTupleRepr,
  roundHalfEven,
} from '#core/numbers/python.js';
import { FluxError } from '#core/errors.js';

// ---------------------------------------------------------------------------------------
// Hand-worked cases. Exact binary values were expanded with Python's decimal.Decimal(x).

describe('formatFixed, hand-worked', () => {
  const cases: Array<[number, number, string, string]> = [
    // 0.125 = 1/8 exactly; 12.5 hundredths is a tie, 2 is even.
    [0.125, 2, '0.12', 'tie rounds down to even'],
    // 0.375 = 3/8; 37.5 hundredths, 8 is even.
    [0.375, 2, '0.38', 'tie rounds up to even'],
    [2.5, 0, '2', 'tie at zero digits'],
    [3.5, 0, '4', 'tie at zero digits, upwards'],
    [0.5, 0, '0', 'tie between 0 and 1'],
    [-0.125, 2, '-0.12', 'negative tie'],
    [-0.5, 0, '-0', 'negative tie to zero keeps the sign'],
    // 0.285 is stored as 0.28499999999999997557..., below the half: no tie at all.
    [0.285, 2, '0.28', 'near tie below'],
    // 2.675 is 2.67499999999999982236...
    [2.675, 2, '2.67', 'near tie below'],
    // 1.005 is 1.00499999999999989341...
    [1.005, 2, '1.00', 'near tie below'],
    [-0, 2, '-0.00', 'negative zero'],
    [-0.001, 2, '-0.00', 'tiny negative keeps its sign'],
    [-5e-324, 3, '-0.000', 'negative subnormal'],
    [NaN, 2, 'nan', 'NaN'],
    [Infinity, 2, 'inf', 'infinity'],
    [-Infinity, 0, '-inf', 'negative infinity'],
    // toFixed gives '1e+22' here; Python prints every digit of the exact integer 10^22.
    [1e22, 2, '10000000000000000000000.00', 'huge, beyond toFixed'],
    [-1e21, 0, '-1000000000000000000000', 'huge, at the toFixed limit'],
    // The largest double is 2^1024 - 2^971, an integer of 309 digits beginning 17976931348623157.
    [Number.MAX_VALUE, 0, (2n ** 1024n - 2n ** 971n).toString(), 'largest double'],
    // (2^53 - 1) / 2^21 = 4294967295.999999523162841796875: a tie at 20 digits whose
    // x * 10^20 is far beyond 2^53, so the even neighbour must come from the digits.
    [(2 ** 53 - 1) / 2 ** 21, 20, '4294967295.99999952316284179688', 'tie with a 31-digit integer'],
    [(2 ** 53 - 1) / 2 ** 21, 21, '4294967295.999999523162841796875', 'exact at 21 digits'],
    // 2^-1074 = 4.94065645841246544e-324: 330 digits after the point show it rounded.
    [5e-324, 330, '0.' + '0'.repeat(323) + '4940656', 'more than toFixed allows'],
  ];
  for (const [x, digits, expected, why] of cases) {
    it(`'%.${digits}f' % ${Object.is(x, -0) ? '-0' : x} == '${expected.slice(0, 40)}' (${why})`, () =>
      assert.equal(formatFixed(x, digits), expected));
  }

  it('breaks ties to even beyond 100 digits too', () => {
    // 5 * 2^-102 = 5^103 / 10^102 has 102 decimals ending in ...078125; at 101 the final 5
    // is an exact half and ...07812 is already even (away from zero would give ...07813).
    assert.equal(formatFixed(5 * 2 ** -102, 102).slice(-6), '078125');
    assert.equal(formatFixed(5 * 2 ** -102, 101).slice(-6), '007812');
  });

  it('rejects a negative or fractional digit count', () => {
    assert.throws(() => formatFixed(1, -1), RangeError);
    assert.throws(() => formatFixed(1, 1.5), RangeError);
    assert.throws(() => roundHalfEven(1, -1), RangeError);
  });
});

describe('isDecimalTie, hand-worked', () => {
  it('recognises halves of the last digit and nothing else', () => {
    assert.equal(isDecimalTie(0.125, 2), true); // 12.5
    assert.equal(isDecimalTie(0.125, 1), false); // 1.25 is a quarter, not a half
    assert.equal(isDecimalTie(0.125, 3), false); // 125 exactly
    assert.equal(isDecimalTie(2.5, 0), true);
    assert.equal(isDecimalTie(-0.375, 2), true);
    assert.equal(isDecimalTie(0.285, 2), false); // not dyadic with a short denominator
    assert.equal(isDecimalTie(7, 0), false);
    assert.equal(isDecimalTie(0, 0), false);
  });
});

describe('roundHalfEven, hand-worked', () => {
  const cases: Array<[number, number, number, string]> = [
    [0.125, 2, 0.12, 'tie to even'],
    [0.375, 2, 0.38, 'tie to even'],
    [2.5, 0, 2, 'tie to even'],
    [-2.5, 0, -2, 'negative tie'],
    [0.285, 2, 0.28, '0.28499999999999997557 is below the half'],
    [2.675, 2, 2.67, 'below the half'],
    [1.115, 2, 1.11, '1.11499999999999999112 is below the half'],
    [0.125, 1, 0.1, '1.25 tenths is nearer 1'],
    // In doubles 1.045 * 100 == 104.5 exactly, but 1.045 is 1.04499999999999992894...
    [1.045, 2, 1.04, 'product rounds onto the half from below'],
    // 4.35 * 10 == 43.5 in doubles; 4.35 is 4.34999999999999964472...
    [4.35, 1, 4.3, 'product rounds onto the half from below'],
    // 0.135 * 100 == 13.5 in doubles; 0.135 is 0.13500000000000000888...
    [0.135, 2, 0.14, 'product rounds onto the half from above'],
    // 17.125 = 137/8: 1712.5 hundredths, a true tie.
    [17.125, 2, 17.12, 'product on the half, true tie'],
    [10.5, 5, 10.5, 'already short'],
    [-166.5, 2, -166.5, 'already short'],
    // 450000000000000.0625 -> '450000000000000.1' -> nearest double 450000000000000.125.
    [450000000000000.0625, 1, 450000000000000.125, 'x * 10 is beyond 2^52'],
    [1e300, 2, 1e300, 'integral already'],
    [5e-324, 400, 5e-324, 'more digits than Python rounds to'],
  ];
  for (const [x, digits, expected, why] of cases) {
    it(`round(${x}, ${digits}) == ${expected} (${why})`, () =>
      assert.equal(roundHalfEven(x, digits), expected));
  }

  it('keeps the sign of a negative value that rounds to zero, like round(-0.001, 2)', () => {
    assert.ok(Object.is(roundHalfEven(-0.001, 2), -0));
    assert.ok(Object.is(roundHalfEven(-0.4, 0), -0));
    assert.ok(Object.is(roundHalfEven(-0, 3), -0));
    assert.ok(Object.is(roundHalfEven(0.001, 2), 0));
  });

  it('returns NaN and infinities unchanged', () => {
    assert.ok(Number.isNaN(roundHalfEven(NaN, 2)));
    assert.equal(roundHalfEven(Infinity, 2), Infinity);
    assert.equal(roundHalfEven(-Infinity, 30), -Infinity);
  });
});

describe('percent formats', () => {
  it('parses the supported formats', () => {
    const parsed = (format: string) => {
      const { kind, digits, source } = parsePercentFormat(format);
      return { kind, digits, source };
    };
    assert.deepEqual(parsed('%.5f'), { kind: 'fixed', digits: 5, source: '%.5f' });
    assert.deepEqual(parsed('%f'), { kind: 'fixed', digits: 6, source: '%f' });
    assert.deepEqual(parsed('%.0f'), { kind: 'fixed', digits: 0, source: '%.0f' });
    assert.deepEqual(parsed('%.12f'), { kind: 'fixed', digits: 12, source: '%.12f' });
    assert.deepEqual(parsed('%d'), { kind: 'integer', digits: 0, source: '%d' });
    assert.deepEqual(parsed('%i'), { kind: 'integer', digits: 0, source: '%i' });
    // Python's '%.f' is precision 0; padding and flags vanish again in float().
    assert.deepEqual(parsed('%.f'), { kind: 'fixed', digits: 0, source: '%.f' });
    assert.deepEqual(parsed('%8.3f'), { kind: 'fixed', digits: 3, source: '%8.3f' });
  });

  for (const format of ['%.2e', '%s', 'abc', '%.2f%%', '', '%', '%.2g', 'x%.2f', '%*.2f']) {
    it(`rejects ${JSON.stringify(format)} with a typed error naming it`, () => {
      assert.throws(
        () => parsePercentFormat(format),
        (error: unknown) => {
          assert.ok(error instanceof PercentFormatError);
          assert.ok(error instanceof FluxError);
          assert.equal(error.kind, 'input');
          assert.equal(error.format, format);
          assert.ok(error.message.includes(JSON.stringify(format)), error.message);
          assert.match(error.message, /%\.Nf/);
          assert.match(error.message, /%d/);
          return true;
        },
      );
      assert.throws(() => applyPercentFormat(format, 1), PercentFormatError);
    });
  }

  it('applies like float(fmt % x)', () => {
    assert.equal(applyPercentFormat('%.2f', 0.125), 0.12);
    assert.equal(applyPercentFormat('%f', 0.1234565), 0.123456); // 0.12345649999... in binary
    assert.equal(applyPercentFormat('%d', 2.7), 2); // '%d' % 2.7 == '2'
    assert.equal(applyPercentFormat('%d', -2.7), -2); // toward zero, not floor
    assert.equal(applyPercentFormat('%i', 1e300), 1e300);
    // '%d' % -0.5 == '0', and float('0') is +0.0.
    assert.ok(Object.is(applyPercentFormat('%d', -0.5), 0));
    assert.ok(Object.is(applyPercentFormat('%.1f', -0.01), -0)); // '-0.0'
    // Python raises for these under %d; they pass through so they are stored as null.
    assert.ok(Number.isNaN(applyPercentFormat('%d', NaN)));
    assert.equal(applyPercentFormat('%i', -Infinity), -Infinity);
    assert.ok(Number.isNaN(applyPercentFormat('%.2f', NaN)));
  });

  it('applies a parsed format repeatedly', () => {
    const format = parsePercentFormat('%.1f');
    assert.deepEqual([0.25, 0.35, -0.75].map(format.apply), [0.2, 0.3, -0.8]);
  });
});

describe('pythonFloatRepr, hand-worked', () => {
  const cases: Array<[number, string]> = [
    [100, '100.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [0.00012, '0.00012'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e15, '1000000000000000.0'],
    [123456789012345.6, '123456789012345.6'],
    [-0, '-0.0'],
    [0, '0.0'],
    [5e-324, '5e-324'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [0.1, '0.1'],
    [-166.5, '-166.5'],
    [1e100, '1e+100'],
    [1.2345e-100, '1.2345e-100'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ];
  for (const [x, expected] of cases) {
    it(`repr -> ${expected}`, () => assert.equal(pythonFloatRepr(x), expected));
  }
});

describe('pythonTupleRepr and bboxMd5', () => {
  it('prints tuples like Python str()', () => {
    assert.equal(pythonTupleRepr([-166.5, 10.5, -50.5, 69.5]), '(-166.5, 10.5, -50.5, 69.5)');
    assert.equal(pythonTupleRepr([1]), '(1.0,)');
    assert.equal(pythonTupleRepr([]), '()');
    assert.equal(pythonTupleRepr([1e-5, 1e16, -0]), '(1e-05, 1e+16, -0.0)');
  });

  it('matches the bboxmd5 stored by the original for the real data', () => {
    assert.equal(bboxMd5([-166.5, 10.5, -50.5, 69.5]), '6f3e33c145010bc74c5ccd3ba772f504');
  });
});

// ---------------------------------------------------------------------------------------
// Differential test against the machine's CPython.

/** mulberry32: small, deterministic, good enough to scatter test values. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const view = new DataView(new ArrayBuffer(8));
function toHex(x: number): string {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}
function fromHex(hex: string): number {
  view.setBigUint64(0, BigInt('0x' + hex));
  return view.getFloat64(0);
}

const DIGITS = Array.from({ length: 21 }, (_, n) => n);
const EXTRA_DIGITS = [21, 22, 23, 30, 100, 101, 150, 330];

function sampleValues(): number[] {
  const random = prng(20240611);
  const int = (below: number) => Math.floor(random() * below);
  const values: number[] = [0, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE];
  values.push(5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, -1e-300, 1e-20, 0.5e-20);
  values.push(0.285, 2.675, 1.005, 1.115, 0.045, 0.125, 0.375, -0.125, 2.5, -2.5, 0.5, 1.5);
  values.push(1e21, -1e21, 1e22, 9.999999999999999e20, 1e15, 1e16, 1.5e16, 1e-4, 1e-5);
  values.push(2 ** 52, 2 ** 52 - 0.5, 2 ** 53, 2 ** 53 + 2, 450000000000000.0625, -166.5, 69.5);

  // Raw bit patterns: every exponent, subnormals, huge values, the odd NaN.
  for (let i = 0; i < 700; i++) {
    view.setUint32(0, int(2 ** 32));
    view.setUint32(4, int(2 ** 32));
    values.push(view.getFloat64(0));
  }
  // Ties: odd multiples of 2^-(N+1) for every N, small and with full 53-bit numerators.
  for (let i = 0; i < 500; i++) {
    const exponent = int(22) + 1;
    const odd = i % 2 === 0 ? 2 * int(2 ** 20) + 1 : 2 * int(2 ** 52) + 1;
    values.push(((i % 4 < 2 ? 1 : -1) * odd) / 2 ** exponent);
  }
  // Data-like decimals, half of them ending in 5 so they sit next to a tie (0.285-like).
  for (let i = 0; i < 900; i++) {
    const decimals = int(8) + 1;
    let digits = String(int(10 ** Math.min(decimals + 4, 15)));
    if (i % 2 === 0) digits = digits.slice(0, -1) + '5';
    digits = digits.padStart(decimals + 1, '0');
    const text = `${i % 3 === 0 ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
    values.push(Number(text));
  }
  // Magnitudes across the range, for repr's notation switches and toFixed's limit.
  for (let i = 0; i < 700; i++) {
    const exponent = int(60) - 30;
    values.push((random() - 0.5) * 10 ** exponent);
  }
  // Ties beyond toFixed's 100 digits, for the exact BigInt path.
  for (const digits of EXTRA_DIGITS) {
    for (let i = 0; i < 6; i++)
      values.push(((i % 2 ? -1 : 1) * (2 * int(2 ** 52) + 1)) / 2 ** (digits + 1));
  }
  // Where x * 10^N passes 2^52 while x still has a fraction: roundHalfEven's fallback.
  for (let i = 0; i < 200; i++) {
    values.push(((random() + 0.1) * 2 ** 52) / 10 ** (int(15) + 1));
  }
  return values;
}

const FORMATS = ['%d', '%i', '%f', '%.0f', '%.3f', '%5.2f', '%+.1f', '%.f', '%.7f'];

// Per value: repr, and per digit count '%.Nf', bits of round(x, N), whether x * 10^N is an
// odd half (decided with exact rationals); then float(fmt % x) bits per format.
const PYTHON = String.raw`
import struct, sys
from fractions import Fraction
digits = [int(d) for d in sys.argv[1].split(',')]
formats = sys.argv[2].split('|')
bits = lambda v: struct.pack('>d', v).hex()
out = []
for line in sys.stdin.read().split():
    x = struct.unpack('>d', bytes.fromhex(line))[0]
    fields = [repr(x)]
    finite = x == x and abs(x) != float('inf')
    for n in digits:
        tie = finite and (Fraction(x) * 10 ** n).denominator == 2
        fields += ['%.*f' % (n, x), bits(round(x, n)), '1' if tie else '0']
    for f in formats:
        try:
            fields.append(bits(float(f % x)))
        except (ValueError, OverflowError):
            fields.append('error')
    out.append('\t'.join(fields))
sys.stdout.write('\n'.join(out) + '\n')
`;

interface PythonRow {
  x: number;
  repr: string;
  fixed: Map<number, { text: string; round: string; tie: boolean }>;
  formats: string[];
}

function runPython(values: number[], digits: number[]): PythonRow[] {
  const result = spawnSync('python3', ['-c', PYTHON, digits.join(','), FORMATS.join('|')], {
    input: values.map(toHex).join('\n'),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `python3 failed: ${result.stderr}`);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, values.length);
  return lines.map((line, i) => {
    const fields = line.split('\t');
    const fixed = new Map<number, { text: string; round: string; tie: boolean }>();
    digits.forEach((n, j) => {
      fixed.set(n, {
        text: fields[1 + 3 * j] as string,
        round: fields[2 + 3 * j] as string,
        tie: fields[3 + 3 * j] === '1',
      });
    });
    return {
      x: values[i] as number,
      repr: fields[0] as string,
      fixed,
      formats: fields.slice(1 + 3 * digits.length),
    };
  });
}

function label(x: number): string {
  return `${toHex(x)} (${x})`;
}

/** Compares a computed double with Python's bits, NaN payloads aside. */
function assertSameDouble(actual: number, pythonHex: string, what: string): void {
  const expected = fromHex(pythonHex);
  if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), what);
  else assert.equal(toHex(actual), pythonHex, `${what}: got ${actual}, Python ${expected}`);
}

describe('differential against python3', () => {
  const values = sampleValues();
  const rows = runPython(values, DIGITS);
  const extraRows = runPython(
    values.filter((x, i) => i % 10 === 0 || (x !== 0 && Math.abs(x) < 2 ** -90)),
    EXTRA_DIGITS,
  );

  it('covers thousands of values, many exact ties among them', () => {
    assert.ok(values.length >= 3000, `${values.length} values`);
    let ties = 0;
    for (const row of rows) for (const entry of row.fixed.values()) if (entry.tie) ties++;
    assert.ok(ties >= 500, `${ties} ties`);
  });

  it("formatFixed equals '%.Nf' % x for N = 0..20", () => {
    for (const row of rows) {
      for (const [n, entry] of row.fixed) {
        assert.equal(formatFixed(row.x, n), entry.text, `'%.${n}f' % ${label(row.x)}`);
      }
    }
  });

  it("formatFixed equals '%.Nf' % x beyond 20 digits and toFixed's 100", () => {
    for (const row of extraRows) {
      for (const [n, entry] of row.fixed) {
        assert.equal(formatFixed(row.x, n), entry.text, `'%.${n}f' % ${label(row.x)}`);
      }
    }
  });

  it('roundHalfEven equals round(x, N) bit for bit', () => {
    for (const row of [...rows, ...extraRows]) {
      for (const [n, entry] of row.fixed) {
        assertSameDouble(roundHalfEven(row.x, n), entry.round, `round(${label(row.x)}, ${n})`);
      }
    }
  });

  it('isDecimalTie agrees with exact rational arithmetic', () => {
    for (const row of [...rows, ...extraRows]) {
      for (const [n, entry] of row.fixed) {
        assert.equal(isDecimalTie(row.x, n), entry.tie, `tie ${label(row.x)} at ${n}`);
      }
    }
  });

  // The premise formatFixed builds on: should a Node release change toFixed, this says so.
  it('JS toFixed equals Python except at ties, where it is the away-from-zero neighbour', () => {
    for (const row of rows) {
      if (!Number.isFinite(row.x) || Math.abs(row.x) >= 1e21 || Object.is(row.x, -0)) continue;
      for (const [n, entry] of row.fixed) {
        const native = row.x.toFixed(n);
        if (!entry.tie) {
          assert.equal(native, entry.text, `toFixed ${label(row.x)} ${n}`);
        } else {
          const last = entry.text.charCodeAt(entry.text.length - 1);
          assert.equal((last - 48) % 2, 0, `Python keeps an even digit at a tie: ${entry.text}`);
          const bumped = entry.text.slice(0, -1) + String.fromCharCode(last + 1);
          assert.ok(native === entry.text || native === bumped, `${native} vs ${entry.text}`);
        }
      }
    }
  });

  it('pythonFloatRepr equals repr(x)', () => {
    for (const row of rows) {
      if (Number.isNaN(row.x)) assert.equal(row.repr, 'nan');
      assert.equal(pythonFloatRepr(row.x), row.repr, `repr ${label(row.x)}`);
    }
  });

  it('applyPercentFormat equals float(fmt % x)', () => {
    const parsed = FORMATS.map(parsePercentFormat);
    for (const row of rows) {
      parsed.forEach((format, j) => {
        const expected = row.formats[j] as string;
        const actual = format.apply(row.x);
        if (expected === 'error') {
          // Python refuses NaN and infinities under %d; ours pass them through.
          assert.equal(format.kind, 'integer');
          assert.ok(!Number.isFinite(row.x), `${format.source} % ${label(row.x)} failed in Python`);
          assert.ok(Object.is(actual, row.x));
        } else {
          assertSameDouble(actual, expected, `float('${format.source}' % ${label(row.x)})`);
        }
      });
    }
  });

  it("bboxMd5 equals Python's md5(str(tuple))", () => {
    const finite = rows.filter((row) => Number.isFinite(row.x));
    for (let i = 0; i + 4 <= finite.length; i += 4) {
      const bbox = finite.slice(i, i + 4).map((row) => row.x) as [number, number, number, number];
      const python = `(${finite
        .slice(i, i + 4)
        .map((row) => row.repr)
        .join(', ')})`;
      const expected = createHash('md5').update(python).digest('hex');
      assert.equal(bboxMd5(bbox), expected, python);
    }
  });
});
