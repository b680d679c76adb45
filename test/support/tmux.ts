import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLI_PATH } from './cli.js';
import { pause } from './ink.js';
import { reachesServer } from './tier.js';

reachesServer('it imports test/support/tmux');

const run = promisify(execFile);

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** What a failure shows: the screen without its blank lines, so a log keeps what matters. */
export const visible = (text: string) => text.replace(/^\s*\n/gm, '').trimEnd();

export interface TerminalOptions {
  columns?: number;
  rows?: number;
  /** The program's whole environment beyond PATH and HOME: nothing else leaks in. */
  env: Record<string, string>;
  /** Arguments after `flux-manage` (none: the UI opens, as on a terminal). */
  args?: string[];
  /**
   * Run it from an interactive shell with job control (sh -i, its prompt "$ "), as an operator
   * does: Ctrl-Z gives the shell back and `fg` continues the program. The shell stays when the
   * program ends; type `echo "flux-manage exited with $?"` for `exitCode`.
   */
  shell?: boolean;
}

/**
 * flux-manage in a real pseudo-terminal: a tmux server of its own (its own socket), the
 * program run by a shell that reports how it ended ("flux-manage exited with N") and stays,
 * and every byte the program writes recorded (pipe-pane).
 */
export class TmuxTerminal {
  readonly socket: string;
  private readonly log: string;

  private constructor(
    label: string,
    private readonly dir: string,
  ) {
    this.socket = `fm-${label}-${process.pid}`;
    this.log = path.join(dir, 'bytes.log');
  }

  static async open(label: string, options: TerminalOptions): Promise<TmuxTerminal> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `fm-tmux-${label}-`));
    const terminal = new TmuxTerminal(label, dir);
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dir,
      TERM: 'screen-256color',
      ...options.env,
    };
    const assignments = Object.entries(env).map(([name, value]) => `${name}=${shellQuote(value)}`);
    const program = [
      'env',
      '-i',
      ...assignments,
      shellQuote(process.execPath),
      shellQuote(CLI_PATH),
      ...(options.args ?? []).map(shellQuote),
    ].join(' ');
    const size = ['-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24)];
    if (options.shell) {
      const shell = `env -i ${assignments.join(' ')} PS1='$ ' sh -i`;
      await terminal.tmux('new-session', '-d', '-s', 'ui', ...size, shell);
    } else {
      await terminal.tmux(
        'new-session',
        '-d',
        '-s',
        'ui',
        ...size,
        // As an interactive shell does, the shell survives a Ctrl-C that reaches it (one sent
        // before the UI has the terminal in raw mode); the program still gets SIGINT.
        `trap : INT; ${program}; echo "flux-manage exited with $?"; sleep 600`,
      );
    }
    await terminal.tmux('pipe-pane', '-t', 'ui', '-o', `cat >> ${shellQuote(terminal.log)}`);
    if (options.shell) {
      await terminal.waitFor(/^\$\s*$/m);
      // The program alone on its line: in a list, a stopped program would let the list go on.
      await terminal.send(
        `${[process.execPath, CLI_PATH, ...(options.args ?? [])].map(shellQuote).join(' ')}\r`,
      );
    }
    return terminal;
  }

  async tmux(...args: string[]): Promise<string> {
    return (await run('tmux', ['-L', this.socket, ...args])).stdout;
  }

  async screen(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-t', 'ui');
  }

  /** The screen with its attributes as escape sequences (inverse video is "7"). */
  async styledScreen(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'ui');
  }

  async waitFor(pattern: RegExp, ms = 30_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const text = await this.screen().catch(() => '');
      if (pattern.test(text)) return text;
      if (Date.now() > deadline)
        assert.fail(`the terminal never showed ${pattern}:\n${visible(text)}`);
      await pause(50);
    }
  }

  /** Bytes as one write to the terminal, as a paste or a burst of keys arrives. */
  async send(bytes: string): Promise<void> {
    const hex = [...Buffer.from(bytes, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0'));
    await this.tmux('send-keys', '-t', 'ui', '-H', ...hex);
  }

  /** A key by tmux's name for it (Enter, Escape, C-c, BSpace, ...). */
  async key(name: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'ui', name);
  }

  /** A real paste, bracketed when the program asked the terminal for bracketed paste. */
  async paste(text: string): Promise<void> {
    await this.tmux('set-buffer', '-b', 'fm', text);
    await this.tmux('paste-buffer', '-p', '-b', 'fm', '-t', 'ui');
  }

  /** How many bytes the program has written so far. */
  async bytesWritten(): Promise<number> {
    return (await fs.stat(this.log).catch(() => ({ size: 0 }))).size;
  }

  async bytesSince(offset: number): Promise<Buffer> {
    return (await fs.readFile(this.log)).subarray(offset);
  }

  /** Waits until the written bytes stop growing (the UI drew what it had to). */
  async settle(quietMs = 300, ms = 10_000): Promise<number> {
    const deadline = Date.now() + ms;
    let size = await this.bytesWritten();
    for (;;) {
      await pause(quietMs);
      const next = await this.bytesWritten();
      if (next === size || Date.now() > deadline) return next;
      size = next;
    }
  }

  /** The exit status the shell reported once the program ended. */
  async exitCode(ms = 30_000): Promise<number> {
    const text = await this.waitFor(/flux-manage exited with \d+/, ms);
    return Number(/flux-manage exited with (\d+)/.exec(text)?.[1]);
  }

  /** The terminal as the program left it: main screen, cursor visible, and the tty's modes. */
  async terminalState(): Promise<{
    alternateScreen: boolean;
    cursorVisible: boolean;
    echo: boolean;
    canonical: boolean;
  }> {
    const [alternate, cursor, tty] = (
      await this.tmux(
        'display-message',
        '-p',
        '-t',
        'ui',
        '#{alternate_on} #{cursor_flag} #{pane_tty}',
      )
    )
      .trim()
      .split(' ');
    const modes = (await run('stty', ['-F', tty as string, '-a'])).stdout;
    return {
      alternateScreen: alternate === '1',
      cursorVisible: cursor === '1',
      echo: /(^|\s)echo(\s|$)/.test(modes),
      canonical: /(^|\s)icanon(\s|$)/.test(modes),
    };
  }

  async close(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}
