import { formatTimestamp } from '../../time/timestamps.js';
import { FileFormatError } from '../errors.js';
import {
  numberAttribute,
  textAttribute,
  type NcType,
  type NcVariable,
  type NetCdfDataset,
} from './types.js';

/** The netCDF library's default fill values (netcdf.h), used when a variable has no _FillValue. */
const DEFAULT_FILL: Partial<Record<NcType, number>> = {
  short: -32767,
  int: -2147483647,
  float: Math.fround(9.969209968386869e36),
  double: 9.969209968386869e36,
  ushort: 65535,
  uint: 4294967295,
  // Doubles cannot hold the 64-bit defaults exactly; these are what they widen to.
  int64: Number(-9223372036854775806n),
  uint64: Number(18446744073709551614n),
};

/**
 * The double of a float32's shortest decimal form (what ncdump and Python's repr of a
 * numpy.float32 print): 1.5862054e-06, not 1.5862053958e-06. For a normal float32 a shorter
 * form than 6 digits, when one round-trips, is the same double as the 6-digit one, so the
 * search starts at 6; subnormals (fewer bits of precision) start at 1. Rounding to more digits
 * is closer, so if k digits round-trip so do k + 1: the search tries 8 first (most float32
 * values need 8), then fewer while they round-trip, or 9.
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const fewest = Math.abs(value) < FLOAT32_MIN_NORMAL ? 1 : 6;
  let best = roundedTo(value, 8);
  if (Math.fround(best) !== value) return roundedTo(value, 9);
  for (let digits = 7; digits >= fewest; digits--) {
    const candidate = roundedTo(value, digits);
    if (Math.fround(candidate) !== value) break;
    best = candidate;
  }
  return best;
}

/** 10^0 .. 10^22: the powers of ten a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, power) => 10 ** power);

/**
 * `value` to `digits` significant digits as a double. The fast way scales by an exact power
 * of ten and rounds: the integer and the power are exact, so the one division (or
 * multiplication) is the correctly rounded double of that decimal, what Number() of the
 * digits gives. Near a tie (where the scaling's own rounding could decide) and beyond the
 * exact powers, the digits are found exactly (`exactlyRounded`).
 */
function roundedTo(value: number, digits: number): number {
  const magnitude = Math.abs(value);
  let exponent = Math.floor(Math.log10(magnitude));
  for (let attempt = 0; attempt < 2; attempt++) {
    const shift = digits - 1 - exponent;
    if (shift > 22 || shift < -22) break;
    const scaled =
      shift >= 0 ? magnitude * (POW10[shift] as number) : magnitude / (POW10[-shift] as number);
    // log10 can be one off near a power of ten: then the scaled value has a digit too many or few.
    if (scaled >= (POW10[digits] as number)) exponent++;
    else if (scaled < (POW10[digits - 1] as number)) exponent--;
    else {
      if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) break;
      const whole = Math.round(scaled);
      const result =
        shift >= 0 ? whole / (POW10[shift] as number) : whole * (POW10[-shift] as number);
      return value < 0 ? -result : result;
    }
  }
  return exactlyRounded(value, digits);
}

/**
 * `value` to `digits` significant digits from its exact decimal expansion, a tie to the even
 * digit (as numpy and Python do; toPrecision rounds a tie away from zero).
 */
function exactlyRounded(value: number, digits: number): number {
  const rounded = Number(value.toPrecision(digits));
  // A tie's next digit is a 5: only then is the exact expansion (slower) looked at.
  if (!/5e/.test(value.toExponential(digits))) return rounded;
  const exact = value.toExponential(Math.min(100, digits + 40));
  const [mantissa = '', exponent = '0'] = exact.split('e');
  const figures = mantissa.replace(/[-.]/g, '');
  const tail = figures.slice(digits);
  if (/^50*$/.test(tail) && Number(figures[digits - 1]) % 2 === 0) {
    const kept = figures.slice(0, digits);
    return Number(`${value < 0 ? '-' : ''}${kept[0]}.${kept.slice(1)}e${exponent}`);
  }
  return rounded;
}

const FLOAT32_MIN_NORMAL = 2 ** -126;

/** What a variable's CF attributes say about its values: missing ones and packing. */
export interface ValueRules {
  missing: number[];
  min: number;
  max: number;
  scale: number;
  offset: number;
  packed: boolean;
  /** float32 values become the double of their shortest decimal form. */
  shortest: boolean;
}

/** Attribute numbers as doubles: a float attribute's by its shortest decimal form. */
function attributeNumbers(variable: NcVariable, name: string): number[] | undefined {
  const values = numberAttribute(variable, name);
  return variable.attributes[name]?.type === 'float' ? values?.map(shortestFloat32) : values;
}

export function valueRules(variable: NcVariable): ValueRules {
  const fill = numberAttribute(variable, '_FillValue') ?? [];
  const defaultFill = DEFAULT_FILL[variable.type];
  const missing = [
    ...(fill.length ? fill.slice(0, 1) : defaultFill !== undefined ? [defaultFill] : []),
    ...(numberAttribute(variable, 'missing_value') ?? []),
  ];
  const range = numberAttribute(variable, 'valid_range');
  const min = range?.[0] ?? numberAttribute(variable, 'valid_min')?.[0] ?? -Infinity;
  const max = range?.[1] ?? numberAttribute(variable, 'valid_max')?.[0] ?? Infinity;
  const scale = attributeNumbers(variable, 'scale_factor')?.[0];
  const offset = attributeNumbers(variable, 'add_offset')?.[0];
  const packed = scale !== undefined || offset !== undefined;
  return {
    missing,
    min,
    max,
    scale: scale ?? 1,
    offset: offset ?? 0,
    packed,
    shortest: variable.type === 'float' && !packed,
  };
}

/**
 * Raw stored values to what is loaded, in place: a missing value (equal to _FillValue or
 * missing_value, outside valid_min/valid_max/valid_range, which apply to the stored values,
 * or NaN) becomes NaN (stored as null); packed values are unpacked in double as
 * packed * scale_factor + add_offset; float32 values become their shortest decimal form.
 */
export function decodeValues(values: Float64Array, rules: ValueRules): Float64Array {
  const { min, max, scale, offset, packed, shortest } = rules;
  // One or two missing values (the usual) compared directly; more through includes().
  const [first = Number.NaN, second = Number.NaN] = rules.missing;
  const others = rules.missing.slice(2);
  for (let i = 0; i < values.length; i++) {
    const raw = values[i] as number;
    if (
      raw !== raw ||
      raw < min ||
      raw > max ||
      raw === first ||
      raw === second ||
      (others.length > 0 && others.includes(raw))
    )
      values[i] = Number.NaN;
    else if (packed) values[i] = raw * scale + offset;
    else if (shortest) values[i] = shortestFloat32(raw);
  }
  return values;
}

/** Coordinate values (no masking): packed ones unpacked, float32 by their shortest form. */
export function coordinateValues(values: Float64Array, variable: NcVariable): Float64Array {
  const rules = valueRules(variable);
  return decodeValues(values, { ...rules, missing: [], min: -Infinity, max: Infinity });
}

const UNIT_SECONDS: ReadonlyArray<[RegExp, number]> = [
  [/^(days?|d)$/i, 86400],
  [/^(hours?|hrs?|h)$/i, 3600],
  [/^(minutes?|mins?)$/i, 60],
  [/^(seconds?|secs?|s)$/i, 1],
];

const SINCE =
  /^\s*(\w+)\s+since\s+(-?\d{1,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d*)?))?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$/i;

/** The calendars whose dates are real (proleptic Gregorian) dates. */
const REAL_CALENDARS = ['standard', 'gregorian', 'proleptic_gregorian'];

/** The reference time and unit of CF time units, or why they cannot be decoded. */
export type TimeAxis = { epoch: number; seconds: number } | { problem: string };

export function timeAxis(coordinate: NcVariable): TimeAxis {
  const units = textAttribute(coordinate, 'units');
  const calendar = textAttribute(coordinate, 'calendar')?.trim().toLowerCase();
  if (calendar !== undefined && !REAL_CALENDARS.includes(calendar)) {
    return {
      problem: `its time coordinate "${coordinate.name}" uses the ${calendar} calendar, whose dates are not real dates; only standard, gregorian or proleptic_gregorian times can be loaded`,
    };
  }
  const match = units ? SINCE.exec(units) : null;
  const unit = match && UNIT_SECONDS.find(([pattern]) => pattern.test(match[1] as string));
  if (!match || !unit) {
    return {
      problem: `its time coordinate "${coordinate.name}" has units ${JSON.stringify(units ?? '')}, not "days|hours|minutes|seconds since DATE"`,
    };
  }
  const [, , year, month, day, hour = '0', minute = '0', second = '0', zone] = match;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), 0, Math.round(Number(second) * 1000));
  let epoch = date.getTime() - zoneMinutes(zone) * 60_000;
  if (calendar !== 'proleptic_gregorian' && epoch < GREGORIAN_START) {
    return {
      problem: `its time units start before 1582-10-15 in the ${calendar ?? 'standard'} calendar (mixed Julian/Gregorian); give the times with a later reference date`,
    };
  }
  epoch = Math.round(epoch);
  return { epoch, seconds: unit[1] };
}

const GREGORIAN_START = Date.UTC(1582, 9, 15);

function zoneMinutes(zone: string | undefined): number {
  if (!zone || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const [, sign, hours, minutes = '0'] = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone) ?? [];
  const total = Number(hours) * 60 + Number(minutes);
  return sign === '-' ? -total : total;
}

/** A time coordinate's value as a date, to the second. */
export function decodeTime(axis: { epoch: number; seconds: number }, value: number): Date {
  return new Date(axis.epoch + Math.round(value * axis.seconds) * 1000);
}

/** The decoded time axis: each step's time (to the second) and the step, when regular. */
export async function decodedTimes(
  dataset: NetCdfDataset,
  coordinate: NcVariable,
): Promise<{ times: Date[]; step?: number; irregular?: string }> {
  const axis = timeAxis(coordinate);
  if ('problem' in axis) throw new FileFormatError(dataset.name, axis.problem);
  // Fill values and packing apply to a time coordinate too.
  const values = decodeValues(await dataset.readAll(coordinate), valueRules(coordinate));
  const times = Array.from(values, (value, k) => {
    const time = Number.isFinite(value) ? decodeTime(axis, value) : null;
    if (!time || Number.isNaN(time.getTime()) || time.getUTCFullYear() > 9999)
      throw new FileFormatError(
        dataset.name,
        `time step ${k + 1} of "${coordinate.name}" has no usable value (${value})`,
      );
    return time;
  });
  return { times, ...regularity(times) };
}

/** The step between times (or `wanted`), and the first that is not one step after the one before. */
export function regularity(times: Date[], wanted?: number): { step?: number; irregular?: string } {
  const [first, second] = times;
  if (!first || !second) return wanted !== undefined ? { step: wanted } : {};
  const step = wanted ?? (second.getTime() - first.getTime()) / 1000;
  for (let k = 1; k < times.length; k++) {
    const gap = ((times[k] as Date).getTime() - (times[k - 1] as Date).getTime()) / 1000;
    if (gap !== step)
      return {
        step,
        irregular: `the time axis is not regular: step ${k + 1} (${formatTimestamp(times[k] as Date)}) is ${gap} s after the one before, not ${step} s`,
      };
  }
  return { step };
}
