import { describeError, FluxError } from '#core/errors.js';

/** What replaces a match: text with `$1`, or a function of the match and its groups. */
type Words = string | ((match: string, ...groups: string[]) => string);

/**
 * The CLI's advice in the UI's words: the same operations are a key away here, and a
 * command line the operator would have to leave the UI to type is no help.
 */
const UI_WORDS: ReadonlyArray<[RegExp, Words]> = [
  [
    /run `flux-manage db -a` to see what is wrong and `db -a --fix` to repair it/g,
    'open the audit (a) to see what is wrong and repair it',
  ],
  [
    /run `flux-manage db -a --fix` once the server is reachable, or re-run the load/g,
    'once the server is reachable, repair it from the audit (a), or run the load again',
  ],
  [/or run `flux-manage db -a --fix` to clean up after it/g, 'or repair it from the audit (a)'],
  [/`flux-manage db -a --fix`/g, 'the audit (a), then F'],
  [/`flux-manage db -a`/g, 'the audit (a)'],
  [/`db -a --deep`/g, 'D (the deep audit)'],
  [
    /use --skip-existing to load only the new times or --replace to overwrite them/g,
    'at the review, s skips the times it has and o overwrites them',
  ],
  [/-o "timestamp=/g, 'the setting "timestamp='],
  [/\(-c\)/g, '(the config file step)'],
  [/^-o /, 'settings: '],
  [/^-o: /, 'your settings: '],
  [/unknown key "([^"]+)" kept but not used/g, 'unknown key "$1" (not used)'],
  [
    /^load: (.*?)\/? is a directory; give --pattern GLOB \(e\.g\. --pattern '\*\.mat'\) to load its files$/,
    (_match, folder) =>
      `${folder}/ is a folder: to load its files in name order, add a pattern for their names (${folder}/*.mat)`,
  ],
  [/^load: --pattern needs a directory for -p, and (.*) is not one$/, '$1 is not a folder'],
  [
    /; re-run with --skip-existing to carry on/,
    '; run it again and press s at the review to carry on',
  ],
  [/; choose another path, or give --force to replace it$/, '; type another path'],
  [/: give -o a folder \(not (.*)\), and --format h5 for HDF5 files$/, ': type a folder, not $1'],
  [/^export: /, ''],
];

export function inUiWords(text: string): string {
  return UI_WORDS.reduce(
    (result, [pattern, words]) =>
      typeof words === 'string' ? result.replace(pattern, words) : result.replace(pattern, words),
    text,
  );
}

/**
 * Any failure as one line for a screen, and whether it means the server is out of reach
 * (the status bar then says "disconnected" and the UI retries).
 */
export function describeForUi(error: unknown): { text: string; connection: boolean } {
  if (error instanceof FluxError)
    return { text: inUiWords(error.message), connection: error.kind === 'connection' };
  return { text: `internal error: ${describeError(error)}`, connection: false };
}
