import { FluxError } from '../errors.js';
import { parsePercentFormat, PercentFormatError, type PercentFormat } from './python.js';

export type ValueFormat = PercentFormat;

/** Parses a config's `formats` once per column; a bad one is an error naming its key. */
export function compileFormats(
  formats: Record<string, string>,
): Record<string, ValueFormat | undefined> {
  const compiled: Record<string, ValueFormat> = {};
  for (const [key, format] of Object.entries(formats)) {
    try {
      compiled[key] = parsePercentFormat(format);
    } catch (error) {
      if (error instanceof PercentFormatError)
        throw new FluxError('input', `config key "formats.${key}": ${error.message}`);
      throw error;
    }
  }
  return compiled;
}
