import { EventEmitter } from 'node:events';
import { drawDifference, parseFrame, type Grid } from './screen.js';

/** What the session needs of the real terminal (process.stdout, or a test double). */
export interface TerminalOutput {
  write(data: string): unknown;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

/** The keyboard side of the terminal (process.stdin): raw mode, off while suspended. */
export interface TerminalInput {
  setRawMode?(raw: boolean): unknown;
}

/** How the session stops its process and learns it was continued (process, or a test double). */
export interface JobControl {
  kill(pid: number, signal: NodeJS.Signals): unknown;
  once(signal: 'SIGCONT', listener: () => void): unknown;
}

const ENTER = [
  '\u001b[?1049h', // the alternate screen: the operator's shell is kept as it was
  '\u001b[?25l', // no cursor: text fields draw their own
  '\u001b[?2004h', // pasted text is marked, so a paste on a list cannot act as keys
].join('');
const LEAVE = ['\u001b[0m', '\u001b[?2004l', '\u001b[?25h', '\u001b[?1049l'].join('');
const BEGIN_UPDATE = '\u001b[?2026h';
const END_UPDATE = '\u001b[?2026l';

/** Frames closer together than this are drawn as one (the newest). */
const FRAME_INTERVAL_MS = 30;

/**
 * The terminal while the UI runs: the alternate screen, no cursor, bracketed paste, and a
 * stream Ink renders into. Ink (in its debug mode) hands each whole frame to that stream;
 * the session draws only the cells that differ from what is on the screen, at most every
 * 30 ms, and never clears the scrollback. `close` gives the terminal back exactly as it was.
 */
export class TerminalSession {
  /** Give this to Ink as `stdout`. */
  readonly sink: InkSink;
  private shown: Grid | null = null;
  private pending: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastDraw = 0;
  private open = false;
  /** The newest frame Ink gave, drawn again whole when the UI comes back from Ctrl-Z. */
  private newest: string | null = null;
  /** Stopped by Ctrl-Z: the terminal is the shell's, nothing is drawn. */
  private suspended = false;
  /** Bytes written to the terminal since the session began (the benchmark and tests read it). */
  written = 0;

  constructor(
    private readonly output: TerminalOutput,
    private readonly input: TerminalInput | null = null,
    private readonly job: JobControl = process,
  ) {
    this.sink = new InkSink(this);
    this.onResize = this.onResize.bind(this);
  }

  get columns(): number {
    return this.output.columns || 80;
  }

  get rows(): number {
    return this.output.rows || 24;
  }

  start(): void {
    if (this.open) return;
    this.open = true;
    this.send(ENTER);
    this.output.on('resize', this.onResize);
  }

  /** Draws the newest frame now if one is waiting; called before the session closes. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending === null || !this.open || this.suspended) return;
    const grid = parseFrame(this.pending, this.columns, this.rows);
    this.pending = null;
    const update = drawDifference(this.shown, grid);
    this.shown = grid;
    this.lastDraw = Date.now();
    if (update) this.send(BEGIN_UPDATE + update + END_UPDATE);
  }

  /** Gives the terminal back: main screen, cursor, no bracketed paste, plain attributes. */
  close(): void {
    if (!this.open) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.open = false;
    this.output.off('resize', this.onResize);
    if (!this.suspended) this.send(LEAVE); // suspended, it was given back already
  }

  frame(text: string): void {
    if (!this.open) return;
    this.pending = text;
    this.newest = text;
    if (this.timer || this.suspended) return;
    const wait = Math.max(0, this.lastDraw + FRAME_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /**
   * Ctrl-Z: gives the terminal back as `close` does (main screen, cursor, no bracketed paste)
   * and leaves raw mode, then stops the process group, as the terminal's own Ctrl-Z would
   * (the shell's prompt comes back). On SIGCONT (`fg`) it takes the terminal again and draws
   * the whole frame, then again at the terminal's new size if it was resized meanwhile.
   */
  suspend(): void {
    if (!this.open || this.suspended) return;
    this.suspended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.send(LEAVE);
    this.input?.setRawMode?.(false);
    this.job.once('SIGCONT', () => this.resume());
    this.job.kill(0, 'SIGTSTP');
  }

  private resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    if (!this.open) return;
    // Raw mode first: continued in the background (bg), this stops again until fg.
    try {
      this.input?.setRawMode?.(true);
    } catch {
      return; // the terminal is gone (the shell exited: SIGHUP, which quits, comes with SIGCONT)
    }
    this.send(ENTER);
    // The shell drew over the screen: clear it and draw the newest frame whole.
    this.shown = null;
    if (this.newest !== null) this.pending = this.newest;
    this.flush();
    // A resize while stopped signalled the shell, not us: as the terminal would, signal it, so
    // that the tty's size is read again and, if it changed, the frame laid out anew (onResize).
    this.job.kill(process.pid, 'SIGWINCH');
  }

  private onResize(): void {
    this.shown = null; // the terminal reflowed what it showed: draw everything again
    this.sink.emit('resize');
  }

  private send(data: string): void {
    this.written += Buffer.byteLength(data);
    this.output.write(data);
  }
}

/**
 * The stream Ink writes frames to. `isTTY` is false so that Ink's helpers (cursor hiding and
 * the like) leave the real terminal to the session.
 */
export class InkSink extends EventEmitter {
  readonly isTTY = false;

  constructor(private readonly session: TerminalSession) {
    super();
  }

  get columns(): number {
    return this.session.columns;
  }

  get rows(): number {
    return this.session.rows;
  }

  write(data: string): boolean {
    // Ink writes an empty string when it "erases" on a resize; the next frame follows it.
    if (data !== '') this.session.frame(data);
    return true;
  }
}
