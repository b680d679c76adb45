import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The two tiers of tests, by name. A test file that reaches a server (it imports
 * test/support/server, cli or tmux, directly or through another helper, or connects a
 * MongoClient of its own) is named `*.server.test.ts` or `*.server.test.tsx`; every other test
 * file is in the fast tier (`npm run test:fast`), which starts no server. test/run-tests.ts
 * picks the tiers by name alone, and the helpers hold every file to its name: imported into a
 * test file not named `.server.`, they throw before any of its tests runs.
 */
export const isServerTest = (file: string) => /\.server\.test\.[cm]?[jt]sx?$/.test(file);

const isTestFile = (file: string) => /\.test\.[cm]?[jt]sx?$/.test(file);

/**
 * Where a server test notes that it reached a server (test/run-tests sets it): a file named
 * `.server.` that never does is in the wrong tier too, and the full run says so.
 */
export const REACHED_DIR_VARIABLE = 'FLUX_TEST_REACHED';

/** The note a test file leaves in the REACHED_DIR_VARIABLE directory. */
export const reachedMarker = (testFile: string) =>
  createHash('sha1').update(fs.realpathSync(testFile)).digest('hex');

/** dist/test, where the compiled test files are, and test/, where their sources are. */
const compiledRoot = fileURLToPath(new URL('..', import.meta.url));
const sourceRoot = path.resolve(compiledRoot, '../../test');

/** The source of a compiled test file (test/ui/memory.test.tsx), or the file itself. */
export function sourceName(file: string): string {
  const relative = path.relative(compiledRoot, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return file;
  const stem = relative.replace(/\.js$/, '');
  const tsx = fs.existsSync(path.join(sourceRoot, `${stem}.tsx`));
  return path.join('test', `${stem}${tsx ? '.tsx' : '.ts'}`);
}

/**
 * Called by whatever reaches a server (as a helper module is loaded, as a MongoClient
 * connects): throws when this process runs a test file whose name puts it in the fast tier.
 * Outside a test file (a script, the benchmark) it does nothing.
 */
export function reachesServer(how: string): void {
  const file = process.argv[1];
  if (!file || !isTestFile(file)) return;
  if (!isServerTest(file)) {
    const name = sourceName(file);
    const renamed = name.replace(/\.test\.([cm]?[jt]sx?)$/, '.server.test.$1');
    throw new Error(
      `${name} reaches a server (${how}), but its name puts it in the fast tier, which has ` +
        `none: rename it ${renamed} (git mv), or keep it off the server.`,
    );
  }
  const reached = process.env[REACHED_DIR_VARIABLE];
  if (reached) fs.writeFileSync(path.join(reached, reachedMarker(file)), `${how}\n`);
}
