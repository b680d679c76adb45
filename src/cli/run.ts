import { readFileSync } from 'node:fs';
import { FluxError, UsageError, describeError } from '#core/errors.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { createContext, type Terminal } from './context.js';
import { commandHelp, mainHelp } from './help.js';
import { Output } from './output.js';
import { parseCommandArgs } from './parse.js';
import type { CommandSpec } from './spec.js';

export function packageVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version;
}

/** Global flags may come before the command: `flux-manage --uri X db -a`. */
const LEADING_WITH_VALUE = new Set(['--uri', '--db']);
const LEADING_BOOLEAN = new Set(['--json', '--quiet', '-q']);

/** Runs one command line and returns the exit code; never throws. */
export async function runCli(argv: string[], terminal: Terminal): Promise<number> {
  const leading: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] as string;
    const flag = arg.split('=')[0] as string;
    if (LEADING_WITH_VALUE.has(flag)) {
      const takesNext = !arg.includes('=');
      leading.push(...argv.slice(index, index + (takesNext ? 2 : 1)));
      index += takesNext ? 2 : 1;
    } else if (LEADING_BOOLEAN.has(arg)) {
      leading.push(arg);
      index += 1;
    } else break;
  }
  const [first, ...rest] = argv.slice(index);
  const wantsJson = argv.includes('--json');
  const fallback = new Output(terminal.stdout, terminal.stderr, wantsJson, false);

  if (first === undefined) {
    if (terminal.stdin.isTTY && terminal.stdout.isTTY)
      return runCommand(findCommand('ui') as CommandSpec, leading, terminal);
    terminal.stdout.write(mainHelp(COMMANDS, packageVersion()));
    return 0;
  }
  if (first === '--version' || first === '-V') {
    terminal.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0] ? findCommand(rest[0]) : undefined;
    terminal.stdout.write(topic ? commandHelp(topic) : mainHelp(COMMANDS, packageVersion()));
    return 0;
  }
  const command = findCommand(first);
  if (!command) {
    return reportError(
      new UsageError(
        `unknown command "${first}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`,
      ),
      fallback,
      undefined,
    );
  }
  return runCommand(command, [...rest, ...leading], terminal);
}

async function runCommand(
  command: CommandSpec,
  argv: string[],
  terminal: Terminal,
): Promise<number> {
  const fallback = new Output(terminal.stdout, terminal.stderr, argv.includes('--json'), false);
  try {
    const args = parseCommandArgs(command, argv);
    if (args.options.help) {
      terminal.stdout.write(commandHelp(command));
      return 0;
    }
    const context = createContext(terminal, args);
    return await command.run(args, context);
  } catch (error) {
    return reportError(error, fallback, command);
  }
}

/** One line on stderr (plus a usage hint for usage errors); with --json also an error object. */
function reportError(error: unknown, output: Output, command: CommandSpec | undefined): number {
  const known = error instanceof FluxError;
  const message = known ? error.message : `internal error: ${describeError(error)}`;
  output.error(message);
  if (known && error.kind === 'usage') {
    if (command)
      output.stderr.write(
        `Usage: ${command.usage}\nRun 'flux-manage ${command.name} --help' for all options.\n`,
      );
    else
      output.stderr.write(
        "Usage: flux-manage COMMAND [OPTIONS]\nRun 'flux-manage --help' for the commands.\n",
      );
  }
  if (!known && process.env.FLUX_DEBUG) output.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  if (output.json) output.result({ error: { kind: known ? error.kind : 'internal', message } });
  return known ? error.exitCode : 1;
}
