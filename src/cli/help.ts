import { flagName, optionsOf } from './parse.js';
import type { CommandSpec } from './spec.js';

export function commandHelp(command: CommandSpec): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  if (command.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const positional of command.positionals) {
      const choices = positional.choices ? ` (${positional.choices.join(' | ')})` : '';
      lines.push(row(positional.name, `${positional.description}${choices}`));
    }
  }
  lines.push('', 'Options:');
  for (const spec of optionsOf(command)) {
    const left = `${flagName(spec).replace('/', ', ')}${spec.value ? ` ${spec.value}` : ''}`;
    const choices = spec.choices ? ` (${spec.choices.join(' | ')})` : '';
    lines.push(row(left, `${spec.description}${choices}${spec.required ? ' [required]' : ''}`));
  }
  if (command.examples?.length) {
    lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  }
  return `${lines.join('\n')}\n`;
}

export function mainHelp(commands: readonly CommandSpec[], version: string): string {
  const lines = [
    `flux-manage ${version}: load gridded carbon-flux data into MongoDB for the Carbon Data Explorer`,
    '',
    'Usage: flux-manage [COMMAND] [OPTIONS]',
    '',
    'With no command on a terminal, opens the full-screen terminal UI.',
    '',
    'Commands:',
    ...commands.map((command) => row(command.name, command.summary)),
    '',
    'Every command takes --uri URI (env MONGODB_URI), --db NAME (env FLUX_DB), --json and --help.',
    "Run 'flux-manage COMMAND --help' for a command's options. 'flux-manage --version' prints the version.",
  ];
  return `${lines.join('\n')}\n`;
}

function row(left: string, right: string): string {
  const width = 28;
  return left.length + 2 >= width
    ? `  ${left}\n${' '.repeat(width)}${right}`
    : `  ${left.padEnd(width - 2)}${right}`;
}
