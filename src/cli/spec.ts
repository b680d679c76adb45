import type { CommandContext } from './context.js';

/** One flag of a command, declared as data so that parsing, help and the TUI agree. */
export interface OptionSpec {
  long: string;
  short?: string;
  /** Present when the option takes a value; names it in help, e.g. PATH. */
  value?: string;
  description: string;
  required?: boolean;
  /** Allowed values, checked by the parser and listed in help. */
  choices?: readonly string[];
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
  choices?: readonly string[];
}

export interface ParsedArgs {
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  description?: string;
  options: OptionSpec[];
  positionals?: PositionalSpec[];
  examples?: string[];
  /** Whether --uri and --db mean anything to this command (embedded does not connect). */
  connects: boolean;
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}

export const CONNECTION_OPTIONS: OptionSpec[] = [
  {
    long: 'uri',
    value: 'URI',
    description: 'MongoDB connection string (env MONGODB_URI; default mongodb://localhost:27017)',
  },
  { long: 'db', value: 'NAME', description: 'database name (env FLUX_DB; default fluxvis)' },
];

export const COMMON_OPTIONS: OptionSpec[] = [
  { long: 'json', description: 'machine-readable output on stdout (dates as ISO strings)' },
  { long: 'quiet', short: 'q', description: 'no progress on stderr' },
  { long: 'help', short: 'h', description: 'show this help' },
];
