import { createInterface } from 'node:readline/promises';
import type { Terminal } from './context.js';

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(terminal: Terminal, question: string): Promise<boolean> {
  const readline = createInterface({
    input: terminal.stdin,
    output: terminal.stderr as NodeJS.WritableStream,
  });
  try {
    const answer = await readline.question(`${question} [y/N] `);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    readline.close();
  }
}
