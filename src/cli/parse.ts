import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '#core/errors.js';
import {
  COMMON_OPTIONS,
  CONNECTION_OPTIONS,
  type CommandSpec,
  type OptionSpec,
  type ParsedArgs,
} from './spec.js';

export function optionsOf(command: CommandSpec): OptionSpec[] {
  return [...command.options, ...(command.connects ? CONNECTION_OPTIONS : []), ...COMMON_OPTIONS];
}

/**
 * Parses a command's arguments strictly: an unknown flag, a missing value, a stray argument
 * or a missing required flag is a UsageError naming it (exit 2). `--help` skips the checks.
 */
export function parseCommandArgs(command: CommandSpec, argv: string[]): ParsedArgs {
  const specs = optionsOf(command);
  const config: ParseArgsConfig['options'] = {};
  for (const spec of specs) {
    config[spec.long] = {
      type: spec.value ? 'string' : 'boolean',
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: config,
      strict: true,
      allowPositionals: true,
    }) as typeof parsed;
  } catch (error) {
    throw new UsageError(`${command.name}: ${describeParseError(error)}`);
  }
  const args: ParsedArgs = { options: parsed.values, positionals: parsed.positionals };
  if (args.options.help) return args;

  for (const spec of specs) {
    const value = args.options[spec.long];
    if (spec.required && (value === undefined || value === '')) {
      throw new UsageError(`${command.name}: missing required option ${flagName(spec)}`);
    }
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      throw new UsageError(
        `${command.name}: ${flagName(spec)} must be one of ${spec.choices.join(', ')} (got "${value}")`,
      );
    }
  }
  const positionalSpecs = command.positionals ?? [];
  if (args.positionals.length > positionalSpecs.length) {
    throw new UsageError(
      `${command.name}: unexpected argument "${args.positionals[positionalSpecs.length]}"`,
    );
  }
  positionalSpecs.forEach((spec, index) => {
    const value = args.positionals[index];
    if (value === undefined) {
      if (spec.required) throw new UsageError(`${command.name}: missing ${spec.name}`);
      return;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(
        `${command.name}: ${spec.name} must be one of ${spec.choices.join(', ')} (got "${value}")`,
      );
    }
  });
  return args;
}

export function flagName(spec: OptionSpec): string {
  return spec.short ? `-${spec.short}/--${spec.long}` : `--${spec.long}`;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? `option ${option} does not take a value`
        : `option ${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${option}"`;
    default:
      return message.split('\n')[0] ?? message;
  }
}
