import { FluxError, UsageError } from '../errors.js';
import { parseTimestamp, timestampFromFileName } from '../time/timestamps.js';
import { floatsUnder, jsonFloatPaths } from './floatPaths.js';
import { locateJsonError } from './jsonSyntax.js';
import {
  canonicalValue,
  isKnownKey,
  storedKeyProblem,
  unknownKeyWarning,
  valueProblem,
} from './keys.js';

/** Where an effective value came from, lowest precedence first. */
export type ValueSource =
  | { kind: 'default'; model: string }
  | { kind: 'config'; file: string }
  | { kind: 'chosen' }
  | { kind: 'override' }
  | { kind: 'filename'; file: string }
  /** Read from the data file itself (NetCDF: its title, units, grid and time step). */
  | { kind: 'data'; file: string };

export interface LoadConfig {
  columns: string[];
  header: string[];
  parameters: string[];
  formats: Record<string, string>;
  precision: number | null;
  gridded: boolean;
  grid: Record<string, unknown>;
  geometry?: { type: string; [key: string]: unknown };
  steps?: number[];
  spans?: number[];
  timestamp?: Date;
  title: string;
  units: Record<string, string>;
  var_name?: string;
  regex?: { regex: string; map: Record<string, string> };
}

export interface EffectiveConfig {
  values: LoadConfig;
  sources: Record<string, ValueSource>;
  /** Keys no model uses, kept as given (and reported). */
  unknown: Record<string, unknown>;
  warnings: string[];
  /**
   * Paths ("grid.x") of the effective numbers that were written as floats (1.0, not 1): the
   * original stored those as doubles and the others as integers, and so does this tool.
   */
  floatPaths: string[];
}

/** One layer of settings: model defaults, the config file, a chosen variable, or -o overrides. */
export interface ConfigLayer {
  source: ValueSource;
  /** `floats`: paths within `value` of numbers written as floats (1.0), "" for the value. */
  entries: Array<{ key: string; value: unknown; floats?: string[] }>;
}

export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case 'default':
      return `${source.model} default`;
    case 'config':
      return `config file ${source.file}`;
    case 'chosen':
      return 'variable chosen';
    case 'override':
      return '-o';
    case 'filename':
      return `file name ${source.file}`;
    case 'data':
      return `data file ${source.file}`;
  }
}

function layerError(source: ValueSource, message: string): FluxError {
  return source.kind === 'override'
    ? new UsageError(`-o ${message}`)
    : new FluxError('input', `${describeSource(source)}: ${message}`);
}

/** Parses a config file's text; a syntax error names the line and column. */
export function parseConfigText(file: string, text: string): ConfigLayer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const { line, column, problem } = locateJsonError(text);
    throw new FluxError(
      'input',
      `config file ${file}: not valid JSON at line ${line}, column ${column}: ${problem}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FluxError(
      'input',
      `config file ${file}: must be a JSON object ({"key": value, ...})`,
    );
  }
  const floats = jsonFloatPaths(text);
  return {
    source: { kind: 'config', file },
    entries: Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
      key,
      value,
      floats: floatsUnder(floats, key),
    })),
  };
}

/**
 * Merges the layers in order (later wins), folding aliases into their keys, checking every
 * value against its key's schema with an error that names the layer and key, and recording
 * where each effective value came from. A timestamp missing from every layer is taken from
 * the file name when the `regex` setting can find one there.
 */
export function resolveConfig(layers: ConfigLayer[], dataFileName: string): EffectiveConfig {
  const merged: Record<string, unknown> = {};
  const sources: Record<string, ValueSource> = {};
  const floats: Record<string, string[]> = {};
  const unknown: Record<string, unknown> = {};
  const warnings: string[] = [];

  for (const layer of layers) {
    const seen = new Map<string, string>();
    for (const entry of layer.entries) {
      const { key, value } = entry;
      if (!isKnownKey(key)) {
        const problem = storedKeyProblem({ [key]: value });
        if (problem) throw layerError(layer.source, problem);
        unknown[key] = value;
        if (layer.source.kind !== 'default') {
          warnings.push(unknownKeyWarning(describeSource(layer.source), key));
        }
        continue;
      }
      const problem = valueProblem(key, value);
      if (problem) throw layerError(layer.source, `key "${key}": ${problem}`);
      const canonical = canonicalValue(key, value);
      const earlier = seen.get(canonical.key);
      if (earlier && earlier !== key) {
        throw layerError(
          layer.source,
          `both "${earlier}" and "${key}" are given; they mean the same setting`,
        );
      }
      seen.set(canonical.key, key);
      const stored = storedKeyProblem(canonical.value);
      if (stored) throw layerError(layer.source, `key "${key}": ${stored}`);
      merged[canonical.key] = canonical.value;
      sources[canonical.key] = layer.source;
      // An alias keeps its value's shape (gridres -> grid) but for step and span, which wrap
      // their value in a list (and are integers: counts of seconds).
      floats[canonical.key] =
        canonical.key === key || key === 'gridres' ? (entry.floats ?? []) : [];
    }
  }

  const values = merged as unknown as Omit<LoadConfig, 'timestamp'> & { timestamp?: string | Date };
  if (typeof values.timestamp === 'string') {
    const parsed = parseTimestamp(values.timestamp);
    if (!parsed) {
      throw layerError(
        sources.timestamp as ValueSource,
        `key "timestamp": "${values.timestamp}" is not an ISO 8601 time (e.g. 2004-06-30T00:00:00)`,
      );
    }
    values.timestamp = parsed;
  } else if (values.regex) {
    const fromName = timestampFromFileName(
      dataFileName.split(/[\\/]/).pop() ?? dataFileName,
      values.regex,
    );
    if (fromName) {
      values.timestamp = fromName;
      sources.timestamp = { kind: 'filename', file: dataFileName };
    }
  }
  const floatPaths = Object.entries(floats).flatMap(([key, paths]) =>
    paths.map((path) => (path ? `${key}.${path}` : key)),
  );
  return { values: values as LoadConfig, sources, unknown, warnings, floatPaths };
}

/**
 * Why a config file cannot be used on its own terms (not JSON, not an object, a value of
 * the wrong type), or null: what the load would say, checked before the load.
 */
export function configFileProblem(file: string, text: string): string | null {
  try {
    resolveConfig([parseConfigText(file, text)], file);
    return null;
  } catch (error) {
    if (error instanceof FluxError) return error.message;
    throw error;
  }
}
