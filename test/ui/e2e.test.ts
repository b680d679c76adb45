import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CLI_PATH } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { pause } from '#test/support/ink.js';
import { useTestDatabase } from '#test/support/server.js';

const run = promisify(execFile);
const server = useTestDatabase('uie2e');
/**
 * Each test has a tmux server of its own (its own socket), so nothing else is touched. A tmux
 * server gives new sessions the environment it was started with, not the client's, so the
 * program's environment is also spelled out in its command line.
 */
const socket = `flux-manage-e2e-${process.pid}`;
const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args], { env: server.env });

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The shell command that runs `flux-manage` with exactly these variables set or unset. */
function command(set: Record<string, string>, unset: string[]): string {
  const assignments = Object.entries(set).map(([name, value]) => `${name}=${shellQuote(value)}`);
  return ['env', ...unset.map((name) => `-u ${name}`), ...assignments]
    .concat([shellQuote(process.execPath), shellQuote(CLI_PATH)])
    .join(' ');
}

/** What a failure shows: the screen without its blank lines, so a log keeps what matters. */
const visible = (text: string) => text.replace(/^\s*\n/gm, '').trimEnd();

async function screen(): Promise<string> {
  return (await tmux('capture-pane', '-p', '-t', 'e2e')).stdout;
}

async function waitForScreen(pattern: RegExp, ms = 30_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = await screen().catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) {
      assert.fail(`the terminal never showed ${pattern}:\n${visible(text)}`);
    }
    await pause(100);
  }
}

/** Keys as a person types them: text literally, named keys (Enter, Escape) by name. */
async function type(text: string): Promise<void> {
  await tmux('send-keys', '-t', 'e2e', '-l', text);
  await pause(300);
}

async function key(name: string): Promise<void> {
  await tmux('send-keys', '-t', 'e2e', name);
  await pause(300);
}

describe('flux-manage in a real terminal', () => {
  it(
    'with no server configured and none on localhost, offers the embedded one',
    { timeout: 60_000 },
    async () => {
      const offerSocket = `${socket}-offer`;
      const env: NodeJS.ProcessEnv = { ...server.env, XDG_DATA_HOME: `/tmp/${socket}-data` };
      delete env.MONGODB_URI;
      // Nothing listens on localhost:27017 here (the tests' server is on another port).
      await run(
        'tmux',
        [
          '-L',
          offerSocket,
          'new-session',
          '-d',
          '-s',
          'offer',
          '-x',
          '100',
          '-y',
          '20',
          `${command({ XDG_DATA_HOME: env.XDG_DATA_HOME ?? '' }, ['MONGODB_URI'])}; sleep 30`,
        ],
        { env },
      );
      const capture = async () =>
        (await run('tmux', ['-L', offerSocket, 'capture-pane', '-p', '-t', 'offer'])).stdout;
      const deadline = Date.now() + 30_000;
      let text = await capture();
      while (!/Start the embedded one \(FerretDB\)\? \[y\/N\]/.test(text)) {
        if (Date.now() > deadline) assert.fail(`no offer:\n${visible(text)}`);
        await pause(100);
        text = await capture();
      }
      await run('tmux', ['-L', offerSocket, 'send-keys', '-t', 'offer', 'n', 'Enter']);
      await pause(1500);
      assert.match(
        await capture(),
        /no server: give one with --uri or MONGODB_URI, or run `flux-manage embedded start`/,
      );
      await run('tmux', ['-L', offerSocket, 'kill-server']);
    },
  );

  after(async () => {
    await tmux('kill-server').catch(() => undefined);
    await run('tmux', ['-L', `${socket}-offer`, 'kill-server']).catch(() => undefined);
  });

  it(
    'loads a fixture through the wizard and lists it with its record count',
    { timeout: 180_000 },
    async () => {
      // No command on a terminal opens the UI; MONGODB_URI and FLUX_DB come from the environment.
      // CI is set as some servers (and CI machines) set it: Ink then draws nothing until exit
      // unless the program clears it. The shell reports how the program ended and stays, so a
      // crash leaves its message on the screen for the failure to show.
      const program = command(
        {
          MONGODB_URI: server.env.MONGODB_URI ?? '',
          FLUX_DB: server.env.FLUX_DB ?? '',
          CI: 'true',
        },
        [],
      );
      await tmux(
        'new-session',
        '-d',
        '-s',
        'e2e',
        '-x',
        '110',
        '-y',
        '32',
        `${program}; echo "flux-manage exited with $?"; sleep 60`,
      );
      await waitForScreen(/DATASET\s+RECORDS/);
      await waitForScreen(/connected/);
      await key('l');
      await waitForScreen(/step 1 of 8: path/);
      await type(`${FIXTURES}casagfed2004.mat`);
      await key('Enter');
      await waitForScreen(/casa_gfed_2004\s+double\s+2635x10/);
      await key('Enter');
      await waitForScreen(/step 3 of 8: model/);
      await key('Enter');
      await waitForScreen(/step 4 of 8: name/);
      await type('casa_e2e');
      await waitForScreen(/a new dataset/);
      await key('Enter');
      await waitForScreen(/Config file/);
      await key('Enter');
      await waitForScreen(/step 6 of 8: overrides/);
      await type('timestamp=2004-06-30T00:00:00');
      await key('Enter');
      await waitForScreen(/Enter starts the load/);
      await key('Enter');
      await waitForScreen(/Upload complete!/, 90_000);
      await key('Enter');
      const list = await waitForScreen(/casa_e2e\s+8\s+grid/);
      assert.match(list, /Loaded "casa_e2e"\./);

      // The CLI sees it too.
      const listing = await run(process.execPath, [CLI_PATH, 'db', '-l', 'collections', '-x'], {
        env: server.env,
      });
      assert.match(listing.stdout, /^casa_e2e \(8 records\)$/m);

      // q quits cleanly and gives the terminal back: the shell's own screen, not the UI's.
      await key('q');
      const shell = await waitForScreen(/flux-manage exited with \d+/, 10_000);
      assert.match(shell, /flux-manage exited with 0/);
      assert.doesNotMatch(shell, /DATASET\s+RECORDS/);
    },
  );
});
