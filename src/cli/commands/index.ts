import type { CommandSpec } from '../spec.js';
import { dbCommand } from './db.js';
import { embeddedCommand } from './embedded.js';
import { exportCommand } from './export.js';
import { verifyCommand } from './verify.js';
import { inspectCommand } from './inspect.js';
import { loadCommand } from './load.js';
import { removeCommand } from './remove.js';
import { renameCommand } from './rename.js';
import { uiCommand } from './ui.js';

export const COMMANDS: readonly CommandSpec[] = [
  loadCommand,
  removeCommand,
  renameCommand,
  dbCommand,
  inspectCommand,
  exportCommand,
  verifyCommand,
  embeddedCommand,
  uiCommand,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}
