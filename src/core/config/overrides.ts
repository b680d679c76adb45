import { UsageError } from '../errors.js';
import { LiteralError, LiteralParser, type Literal } from './literal.js';

/** These take the raw text after "=" (the original's rule); everything else is a literal. */
export const RAW_TEXT_KEYS = new Set(['timestamp', 'title', 'var_name']);
export const MAX_OVERRIDES_LENGTH = 64 * 1024;

export interface OverrideEntry {
  key: string;
  value: Literal;
  /** 1-based, counting the segments that hold something. */
  segment: number;
}

export interface ParsedOverrides {
  entries: OverrideEntry[];
  warnings: string[];
}

/**
 * Parses `-o "k1=v1;k2=v2"`. A `;` inside quotes or brackets belongs to the value; raw-text
 * keys end at the next `;`. A problem is a usage error that names the segment, shows it and
 * the column where it went wrong.
 */
export function parseOverrides(text: string): ParsedOverrides {
  if (text.length > MAX_OVERRIDES_LENGTH) {
    throw new UsageError(
      `-o is ${text.length} characters long; the limit is ${MAX_OVERRIDES_LENGTH}`,
    );
  }
  const entries: OverrideEntry[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  let at = 0;
  let segment = 0;
  while (at < text.length) {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
    if (text[at] === ';') {
      at++;
      continue;
    }
    if (at >= text.length) break;
    segment++;
    const start = at;
    const fail = (problem: string, where: number): never => {
      const shown = segmentText(text, start);
      throw new UsageError(
        `-o segment ${segment} "${shown}": ${problem} at column ${where - start + 1}`,
      );
    };
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at))?.[0];
    if (!key) fail('expected a key (letters, digits, "_")', at);
    at += (key as string).length;
    while (at < text.length && /[ \t]/.test(text[at] as string)) at++;
    if (text[at] !== '=') fail(`expected "=" after "${key}"`, at);
    at++;
    let value: Literal;
    if (RAW_TEXT_KEYS.has(key as string)) {
      const end = text.indexOf(';', at);
      value = text.slice(at, end === -1 ? text.length : end).trim();
      at = end === -1 ? text.length : end;
    } else {
      const parser = new LiteralParser(text, at);
      try {
        value = parser.value();
        parser.space();
        if (parser.at < text.length && text[parser.at] !== ';')
          fail('unexpected text after the value', parser.at);
      } catch (error) {
        if (error instanceof LiteralError) fail(error.message, error.at);
        throw error;
      }
      at = parser.at;
    }
    if (seen.has(key as string))
      warnings.push(`-o gives "${key}" more than once; the last one wins`);
    seen.add(key as string);
    entries.push({ key: key as string, value, segment });
  }
  const last = new Map(entries.map((entry) => [entry.key, entry]));
  return { entries: entries.filter((entry) => last.get(entry.key) === entry), warnings };
}

/** A segment's text for messages: up to the next top-level ";" (or 60 characters). */
function segmentText(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  let at = start;
  for (; at < text.length; at++) {
    const char = text[at] as string;
    if (quote) {
      if (char === '\\') at++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if ('[({'.includes(char)) depth++;
    else if ('])}'.includes(char)) depth--;
    else if (char === ';' && depth <= 0) break;
  }
  const shown = text.slice(start, at);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

export function overridesRecord(parsed: ParsedOverrides): Record<string, Literal> {
  return Object.fromEntries(parsed.entries.map((entry) => [entry.key, entry.value]));
}
