import { FluxError } from '../errors.js';
import type { EffectiveConfig } from '../config/effective.js';
import type { ModelDefinition } from './types.js';

export function requireTimestamp(model: ModelDefinition, config: EffectiveConfig): Date {
  const timestamp = config.values.timestamp;
  if (timestamp) return timestamp;
  throw new FluxError(
    'input',
    `${model.name} needs a timestamp: give "timestamp" in the config file, or -o "timestamp=2004-06-30T00:00:00", or a file name its "regex" setting reads one from (${
      config.values.regex
        ? `this load's: ${config.values.regex.regex}`
        : 'this model has none: add "regex" to the config'
    })`,
  );
}
