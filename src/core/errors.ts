/**
 * Every failure an operator can act on is a FluxError: a one-line message and the exit code
 * the CLI should end with. Anything else reaching the top level is a bug.
 */
export type ErrorKind =
  | 'usage' // wrong command line: exit 2
  | 'input' // a file, config or override that cannot be used
  | 'data' // the database holds something inconsistent with the request
  | 'connection' // the server cannot be reached or refused us
  | 'embedded' // the embedded server could not be provisioned or started
  | 'conflict' // the target already exists, or another operation holds it
  | 'not-found'
  | 'cancelled';

export class FluxError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FluxError';
    this.kind = kind;
  }

  get exitCode(): number {
    return this.kind === 'usage' ? 2 : 1;
  }
}

export class UsageError extends FluxError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** A short, single-line description of any thrown value, for wrapping foreign errors. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim() || 'unknown error';
}
