import { UsageError } from '../errors.js';
import { closestKey, isKnownKey } from './keys.js';
import { LiteralSyntaxError, readLiteral, type Literal } from './literal.js';

/**
 * `-o "k1=v1;k2=v2"`: config overrides on the command line (SPEC 4). `timestamp`, `title`
 * and `var_name` take the raw text after "=" up to the next ";" (the original's rule, so
 * `title=Bob's data` works), and so does a misspelling of one of them (takesRawText); every other value is one JSON or Python literal, in which a
 * ";" inside quotes or brackets belongs to the value. Nothing is ever evaluated.
 */

export const RAW_TEXT_KEYS: ReadonlySet<string> = new Set(['timestamp', 'title', 'var_name']);

/**
 * Whether a key's value is raw text: the raw-text keys, and an unknown key that most likely
 * means one of them ("timstamp", "titel"), so that a misspelt key is read as the key meant
 * would be and becomes the warning that names it, rather than a puzzling literal error.
 */
export function takesRawText(key: string): boolean {
  if (RAW_TEXT_KEYS.has(key)) return true;
  if (isKnownKey(key)) return false;
  const meant = closestKey(key);
  return meant !== null && RAW_TEXT_KEYS.has(meant);
}
export const MAX_OVERRIDES_BYTES = 64 * 1024;

export interface OverrideEntry {
  key: string;
  value: Literal;
  /** 1-based, counting only the segments that hold something (";;" adds none). */
  segment: number;
  /** Paths of the numbers in `value` written as floats (see readLiteral). */
  floats?: string[];
}

export interface ParsedOverrides {
  /** In the order given; a key given twice appears once, where its last segment was. */
  entries: OverrideEntry[];
  /** One line each, for the caller to print. */
  warnings: string[];
}

const KEY = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /[ \t\n\r\f\v]*/y;
const LINE_BREAKING_SPACE = /[\t\n\v\f\r\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/g;
/** Longest segment text quoted in a message. */
const SHOWN_SEGMENT_LENGTH = 60;

export interface OverridesOptions {
  /**
   * How messages name the text. Absent (the CLI): `-o segment 2 "...": ...`. Given (e.g.
   * "overrides", as a form labels its field): `overrides, part 2 "...": ...`, with no
   * command-line flags in the words.
   */
  label?: string;
}

/** How messages name the overrides text and its segments. */
interface Naming {
  segment(segment: number): string;
  tooLong: string;
  givenTwice(key: string, segments: number[]): string;
}

const TOO_LONG = `longer than ${MAX_OVERRIDES_BYTES} bytes (64 KiB)`;

function namingFor(options: OverridesOptions): Naming {
  const label = options.label;
  if (label === undefined)
    return {
      segment: (segment) => `-o segment ${segment}`,
      tooLong: `-o is ${TOO_LONG}; put large settings in a config file (-c)`,
      givenTwice: (key, segments) =>
        `-o gives "${key}" more than once (${listSegments(segments, 'segment')}); the last one wins`,
    };
  return {
    segment: (segment) => `${label}, part ${segment}`,
    tooLong: `${label}: ${TOO_LONG}; put large settings in a config file`,
    givenTwice: (key, segments) =>
      `${label}: "${key}" is given more than once (${listSegments(segments, 'part')}); the last one wins`,
  };
}

/**
 * Parses overrides text ("k1=v1;k2=v2"); a problem is a UsageError naming the segment, its
 * text and a column.
 */
export function parseOverrides(text: string, options: OverridesOptions = {}): ParsedOverrides {
  const naming = namingFor(options);
  refuseOversized(text, naming);
  const entries: OverrideEntry[] = [];
  let offset = 0;
  let segment = 0;
  for (;;) {
    offset = skipSpace(text, offset);
    if (offset >= text.length) break;
    if (text[offset] === ';') {
      offset++;
      continue;
    }
    segment++;
    const read = readSegment(text, offset, segment, naming);
    entries.push(read.entry);
    offset = read.end;
  }
  return keepLastOfEachKey(entries, naming);
}

/** Folds parsed overrides into a plain record (keys are identifiers, never "__proto__"). */
export function overridesRecord(
  parsed: ParsedOverrides | readonly OverrideEntry[],
): Record<string, Literal> {
  const entries = Array.isArray(parsed) ? parsed : (parsed as ParsedOverrides).entries;
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
}

function refuseOversized(text: string, naming: Naming): void {
  // UTF-8 takes at least one byte per UTF-16 unit, so long text is refused without encoding it.
  const fits =
    text.length <= MAX_OVERRIDES_BYTES &&
    new TextEncoder().encode(text).length <= MAX_OVERRIDES_BYTES;
  if (!fits) throw new UsageError(naming.tooLong);
}

/** Reads `key = value` starting at `start`; `end` is at the ";" after it or the text's end. */
function readSegment(
  text: string,
  start: number,
  segment: number,
  naming: Naming,
): { entry: OverrideEntry; end: number } {
  const fail = (problem: string, offset: number): never => {
    throw segmentError(text, start, naming.segment(segment), problem, offset);
  };
  const key = readKey(text, start, fail);
  const equals = skipSpace(text, start + key.length); // readKey checked that "=" is here
  const valueStart = equals + 1;
  if (takesRawText(key)) {
    const semicolon = text.indexOf(';', valueStart);
    const end = semicolon === -1 ? text.length : semicolon;
    const raw = text.slice(valueStart, end);
    // Searching only this segment keeps many raw-text segments linear.
    const nul = raw.indexOf('\0');
    if (nul !== -1) fail('text containing a NUL character cannot be stored', valueStart + nul);
    return { entry: { key, value: raw.trim(), segment }, end };
  }
  try {
    const { value, end, floats } = readLiteral(text, valueStart, ';');
    return { entry: { key, value, segment, ...(floats.length ? { floats } : {}) }, end };
  } catch (error) {
    if (error instanceof LiteralSyntaxError) fail(error.message, error.offset);
    throw error;
  }
}

/** The key at `start`, which must be a name followed (after whitespace) by "=". */
function readKey(
  text: string,
  start: number,
  fail: (problem: string, offset: number) => never,
): string {
  KEY.lastIndex = start;
  const key = KEY.exec(text)?.[0] ?? '';
  const afterKey = skipSpace(text, start + key.length);
  if (key !== '' && text[afterKey] === '=') {
    if (key === '__proto__')
      fail('the key "__proto__" is not allowed (it names a prototype)', start);
    return key;
  }
  const equals = text.indexOf('=', start);
  const semicolon = text.indexOf(';', start);
  const hasEquals = equals !== -1 && (semicolon === -1 || equals < semicolon);
  if (!hasEquals) {
    return fail('expected "key=value" but there is no "="', key === '' ? start : afterKey);
  }
  const written = text.slice(start, equals).trim();
  const shown = written.length > 40 ? `${written.slice(0, 37)}...` : written;
  if (written === '') return fail('expected a key before "="', start);
  return fail(
    `the key ${JSON.stringify(shown)} is not a name (letters, digits and "_", not starting with a digit)`,
    key === '' ? start : start + key.length,
  );
}

function keepLastOfEachKey(entries: OverrideEntry[], naming: Naming): ParsedOverrides {
  const segmentsByKey = new Map<string, number[]>();
  for (const { key, segment } of entries) {
    const segments = segmentsByKey.get(key);
    if (segments) segments.push(segment);
    else segmentsByKey.set(key, [segment]);
  }
  const warnings: string[] = [];
  for (const [key, segments] of segmentsByKey) {
    if (segments.length > 1) warnings.push(naming.givenTwice(key, segments));
  }
  const kept = entries.filter((entry) => segmentsByKey.get(entry.key)?.at(-1) === entry.segment);
  return { entries: kept, warnings };
}

/** "segments 1, 3" or, for many, "400 times, last in segment 812": a warning stays short. */
function listSegments(segments: number[], word: string): string {
  return segments.length <= 5
    ? `${word}s ${segments.join(', ')}`
    : `${segments.length} times, last in ${word} ${segments.at(-1)}`;
}

function skipSpace(text: string, offset: number): number {
  SPACE.lastIndex = offset;
  return offset + (SPACE.exec(text)?.[0].length ?? 0);
}

/** `-o segment 2 "units={'x':}": expected a value at column 12`, always one line. */
function segmentError(
  text: string,
  start: number,
  where: string,
  problem: string,
  offset: number,
): UsageError {
  const shown = displayable(segmentText(text, start));
  // Columns count characters as the user sees them, so an emoji is one column.
  const column = [...text.slice(start, Math.max(start, offset))].length + 1;
  return new UsageError(`${where} "${shown}": ${problem} at column ${column}`);
}

/** A failed segment's text: up to the next ";" outside quotes and brackets. */
function segmentText(text: string, start: number): string {
  KEY.lastIndex = start;
  const rawKey = takesRawText(KEY.exec(text)?.[0] ?? '');
  let end = start;
  let depth = 0;
  let quote: string | null = null;
  for (; end < text.length; end++) {
    const char = text[end] as string;
    if (quote !== null) {
      if (char === '\\') end++;
      else if (char === quote) quote = null;
    } else if (char === ';' && (depth <= 0 || rawKey)) break;
    else if (rawKey) continue;
    else if (char === '"' || char === "'") quote = char;
    else if ('[({'.includes(char)) depth++;
    else if ('])}'.includes(char)) depth--;
  }
  return text.slice(start, end);
}

/** One line, column-preserving: each control character becomes one visible character. */
function displayable(segment: string): string {
  const shown =
    segment.length > SHOWN_SEGMENT_LENGTH
      ? `${segment.slice(0, SHOWN_SEGMENT_LENGTH - 3)}...`
      : segment;
  return shown.replace(LINE_BREAKING_SPACE, ' ').replace(CONTROL_CHARACTER, '\ufffd');
}
