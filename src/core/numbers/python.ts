import { createHash } from 'node:crypto';
import { FluxError } from '../errors.js';

/**
 * Python's number formatting and rounding, bit for bit (SPEC 4): the original loader stored
 * `round(float(fmt % x), precision)` and keyed metadata on `md5(str(bbox))`, so every digit
 * and every tie has to come out the way CPython's dtoa produces it, or old and new loads of
 * the same file disagree.
 */

// Beyond this JS toFixed switches to exponent notation (and refuses more than 100 digits).
const TO_FIXED_LIMIT = 1e21;
const TO_FIXED_MAX_DIGITS = 100;

// 10^N is an exact double up to N = 22, which keeps n / 10^N a single correctly rounded step.
const MAX_EXACT_POWER = 22;
const POW10: readonly number[] = Array.from({ length: MAX_EXACT_POWER + 1 }, (_, n) => 10 ** n);

// Dekker's split of each 10^N, so the rounding error of a * 10^N can be recovered exactly.
const SPLITTER = 134217729; // 2^27 + 1
const POW10_HI: readonly number[] = POW10.map((p) => {
  const c = SPLITTER * p;
  return c - (c - p);
});
const POW10_LO: readonly number[] = POW10.map((p, n) => p - (POW10_HI[n] as number));

const TWO_52 = 4503599627370496;

// Python's round() returns x unchanged beyond this many digits (NDIGITS_MAX in floatobject.c);
// from there on a decimal rounding error is below half the smallest subnormal anyway.
const PYTHON_NDIGITS_MAX = 323;

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 0) {
    throw new RangeError(`digits must be a non-negative integer, got ${digits}`);
  }
}

/**
 * Whether x lies exactly halfway between two multiples of 10^-digits. x * 10^N = M * 5^N *
 * 2^(E+N) for x = M * 2^E with M odd, which is an odd half-integer exactly when E = -(N+1);
 * multiplying by powers of two is exact, so both checks are exact.
 */
export function isDecimalTie(x: number, digits: number): boolean {
  return Number.isInteger(x * 2 ** (digits + 1)) && !Number.isInteger(x * 2 ** digits);
}

/** Python's `'%.{digits}f' % x`: the exact binary value rounded half to even. */
export function formatFixed(x: number, digits: number): string {
  checkDigits(digits);
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (digits > TO_FIXED_MAX_DIGITS || Math.abs(x) >= TO_FIXED_LIMIT) return exactFixed(x, digits);

  // toFixed rounds the exact value correctly but breaks ties away from zero. At a tie it
  // picked n + 1 of the neighbours n, n + 1; when that is odd, n is the even one, and an odd
  // last digit never borrows.
  let text = x.toFixed(digits);
  if (isDecimalTie(x, digits)) {
    const last = text.charCodeAt(text.length - 1);
    if (last % 2 === 1) text = text.slice(0, -1) + String.fromCharCode(last - 1);
  }
  // toFixed drops the sign of negative zero; Python keeps it.
  if (x === 0 && 1 / x < 0) text = '-' + text;
  return text;
}

const bitsView = new DataView(new ArrayBuffer(8));

/** Exact decimal expansion with BigInt, for what toFixed cannot do (>= 1e21, > 100 digits). */
function exactFixed(x: number, digits: number): string {
  bitsView.setFloat64(0, x);
  const high = bitsView.getUint32(0);
  const low = bitsView.getUint32(4);
  const negative = high >>> 31 === 1;
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  // |x| = mantissa * 2^exponent; scale by 10^digits and round half to even to an integer.
  let scaled = mantissa * 10n ** BigInt(digits);
  if (exponent >= 0) {
    scaled <<= BigInt(exponent);
  } else {
    const shift = BigInt(-exponent);
    const quotient = scaled >> shift;
    const remainder = scaled - (quotient << shift);
    const half = 1n << (shift - 1n);
    scaled = quotient;
    if (remainder > half || (remainder === half && (quotient & 1n) === 1n)) scaled += 1n;
  }
  let text = scaled.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = text.slice(0, -digits) + '.' + text.slice(-digits);
  }
  return negative ? '-' + text : text;
}

/**
 * Python's `round(x, digits)` for digits >= 0, which equals `float('%.{digits}f' % x)`.
 * NaN and infinities come back unchanged. Called on every value of a load, so the common
 * case is plain arithmetic: a rounded x * 10^N decides unless it lands exactly on a half,
 * where Dekker's exact product settles it; n / 10^N is then one correctly rounded division,
 * the same double Python's strtod reads from the digits.
 */
export function roundHalfEven(x: number, digits: number): number {
  if (!(digits >= 0 && digits <= MAX_EXACT_POWER && (digits | 0) === digits)) {
    return roundHalfEvenSlow(x, digits);
  }
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = x < 0 ? -x : x;
  // Every double from 2^52 up is an integer, which any digits >= 0 leave alone.
  if (a >= TWO_52) return x;
  const p = POW10[digits] as number;
  const y = a * p;
  if (y >= TWO_52) return roundHalfEvenSlow(x, digits);

  const floor = Math.floor(y);
  // Exact: y and floor(y) are both multiples of ulp(y) (or floor(y) is 0).
  const fraction = y - floor;
  let n: number;
  if (fraction !== 0.5) {
    // Rounding is monotonic and floor + 0.5 is a double below 2^52, so the rounded product
    // cannot end up strictly on the other side of the half from the exact one.
    n = fraction > 0.5 ? floor + 1 : floor;
  } else {
    // Landed on the half: a * p = y + error exactly (Dekker), and the sign of the error
    // says which side the exact product is on; zero means a true tie.
    const c = SPLITTER * a;
    const aHi = c - (c - a);
    const aLo = a - aHi;
    const pHi = POW10_HI[digits] as number;
    const pLo = POW10_LO[digits] as number;
    const error = aHi * pHi - y + aHi * pLo + aLo * pHi + aLo * pLo;
    if (error > 0) n = floor + 1;
    else if (error < 0) n = floor;
    else n = floor % 2 === 0 ? floor : floor + 1;
  }
  const rounded = n / p;
  // Python keeps the sign when a negative value rounds to zero: round(-0.001, 2) == -0.0.
  return x < 0 ? -rounded : rounded;
}

function roundHalfEvenSlow(x: number, digits: number): number {
  checkDigits(digits);
  if (!Number.isFinite(x) || digits > PYTHON_NDIGITS_MAX) return x;
  return Number(formatFixed(x, digits));
}

// ---------------------------------------------------------------------------------------
// Config formats: Python `float(fmt % x)`.

/** A parsed config format: `fixed` keeps `digits` decimals, `integer` truncates like `%d`. */
export interface PercentFormat {
  readonly source: string;
  readonly kind: 'fixed' | 'integer';
  readonly digits: number;
  /** `float(source % x)`; NaN and infinities pass through (see applyPercentFormat). */
  apply(x: number): number;
}

export class PercentFormatError extends FluxError {
  readonly format: string;

  constructor(format: string) {
    super(
      'input',
      `unsupported number format ${JSON.stringify(format)}: supported are "%.Nf" (N decimals, ` +
        `rounded half to even), "%f" (6 decimals) and "%d" / "%i" (integer part), ` +
        `optionally with flags and a width such as "%8.3f"`,
    );
    this.name = 'PercentFormatError';
    this.format = format;
  }
}

// Flags and width only pad the text, which float() strips again, so they cannot change the
// number; Python accepts them, so a config that worked with the original keeps working.
// Conversions whose text float() would not give back 1:1 (%e, %g, %s, a trailing %%) are out.
const PERCENT_FORMAT = /^%[-+ #0]*\d*(?:\.(\d*))?([fFdiu])$/;

export function parsePercentFormat(format: string): PercentFormat {
  const match = PERCENT_FORMAT.exec(format);
  if (!match) throw new PercentFormatError(format);
  const precision = match[1];
  const conversion = match[2] as string;
  if (conversion === 'f' || conversion === 'F') {
    // Python: no precision means 6, a bare '.' means 0.
    const digits = precision === undefined ? 6 : precision === '' ? 0 : Number(precision);
    return {
      source: format,
      kind: 'fixed',
      digits,
      apply: (x: number) => roundHalfEven(x, digits),
    };
  }
  return { source: format, kind: 'integer', digits: 0, apply: truncateLikePercentD };
}

/**
 * `float('%d' % x)`: toward zero, and '0' reads back as +0.0 even for -0.5. Python raises on
 * NaN and infinities here; they pass through instead so that they end up stored as null
 * like every other non-finite value.
 */
function truncateLikePercentD(x: number): number {
  return Number.isFinite(x) ? Math.trunc(x) + 0 : x;
}

/** One-off `float(format % x)`; parse once with parsePercentFormat for a whole column. */
export function applyPercentFormat(format: string, x: number): number {
  return parsePercentFormat(format).apply(x);
}

// ---------------------------------------------------------------------------------------
// repr / str, for bboxmd5.

/** Python 3's `repr(float)`: shortest round-trip digits, fixed for 1e-4 <= |x| < 1e16. */
export function pythonFloatRepr(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return 1 / x < 0 ? '-0.0' : '0.0';

  const sign = x < 0 ? '-' : '';
  // Without an argument toExponential gives the same shortest round-trip digits as repr.
  const scientific = Math.abs(x).toExponential();
  const e = scientific.indexOf('e');
  const exponent = Number(scientific.slice(e + 1));
  const mantissa = scientific.slice(0, e);
  const significant = mantissa.replace('.', '');

  if (exponent < -4 || exponent >= 16) {
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${significant}`;
  const integerDigits = exponent + 1;
  if (significant.length <= integerDigits) {
    return `${sign}${significant.padEnd(integerDigits, '0')}.0`;
  }
  return `${sign}${significant.slice(0, integerDigits)}.${significant.slice(integerDigits)}`;
}

/** Python's `str(tuple_of_floats)`, including the one-element `(1.0,)`. */
export function pythonTupleRepr(values: readonly number[]): string {
  const items = values.map(pythonFloatRepr);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** The metadata's `bboxmd5`: MD5 hex of `str((minx, miny, maxx, maxy))` (SPEC 4). */
export function bboxMd5(bbox: readonly [number, number, number, number]): string {
  return createHash('md5').update(pythonTupleRepr(bbox)).digest('hex');
}
