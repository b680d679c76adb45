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
  /** Bytes written to the terminal since the session began (the benchmark and tests read it). */
  written = 0;

  constructor(private readonly output: TerminalOutput) {
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
    if (this.pending === null || !this.open) return;
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
    this.send(LEAVE);
  }

  frame(text: string): void {
    if (!this.open) return;
    this.pending = text;
    if (this.timer) return;
    const wait = Math.max(0, this.lastDraw + FRAME_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
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
