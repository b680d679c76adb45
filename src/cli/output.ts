/** Where a command writes: results to stdout, news and errors to stderr. */
export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class Output {
  constructor(
    readonly stdout: Stream,
    readonly stderr: Stream,
    readonly json: boolean,
    readonly quiet: boolean,
  ) {}

  /** One line of human output on stdout (commands print nothing else in --json mode). */
  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  /** The command's machine-readable result; Dates become ISO strings through toJSON. */
  result(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** News about work in progress; silenced by --quiet. */
  note(text: string): void {
    if (!this.quiet) this.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`flux-manage: warning: ${text}\n`);
  }

  error(text: string): void {
    this.stderr.write(`flux-manage: ${text}\n`);
  }
}
