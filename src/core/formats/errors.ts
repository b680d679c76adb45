import { FluxError } from '../errors.js';

/** A file that cannot be read as asked: damaged, truncated, foreign, or lacking a variable. */
export class FileFormatError extends FluxError {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly offset?: number,
  ) {
    super('input', `${file}: ${problem}${offset === undefined ? '' : ` (at byte ${offset})`}`);
    this.name = 'FileFormatError';
  }
}
