import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { fixtureLoadArgs } from '#test/support/fixtureLoads.js';
import { OwnServer } from '#test/support/ownServer.js';
import { TmuxTerminal, visible } from '#test/support/tmux.js';

/**
 * The dataset list an operator leaves open, in a real terminal, against a FerretDB of this
 * file's own (the tests stop it, pause it, and change its datasets from another process, which
 * must not touch the server the other test files share). Nothing is typed while the UI is
 * expected to notice: it has to notice by itself.
 */
const DB = 'listing';
let server: OwnServer;

const cli = async (...args: string[]) => {
  const result = await runFluxManage(args, {
    env: { ...process.env, MONGODB_URI: server.uri, FLUX_DB: DB },
  });
  assert.equal(result.code, 0, result.stderr);
};

const terminals: TmuxTerminal[] = [];
async function openTerminal(
  label: string,
  options: { rows?: number; colour?: boolean; uri?: string } = {},
): Promise<TmuxTerminal> {
  const terminal = await TmuxTerminal.open(label, {
    columns: 80,
    rows: options.rows ?? 24,
    env: {
      MONGODB_URI: options.uri ?? server.uri,
      FLUX_DB: DB,
      ...(options.colour ? {} : { NO_COLOR: '1' }),
    },
  });
  terminals.push(terminal);
  return terminal;
}

/** The status bar: the line above the message line and the key line. */
/** The status bar: the last line that starts with the connection state (the message above the
 * key line takes one to three rows). */
const statusBar = (screen: string) =>
  screen
    .split('\n')
    .filter((line) => /^ (connected|disconnected|connecting)/.test(line))
    .at(-1) ?? '';

/** How long the UI has to notice by itself: far less than a key an operator would press. */
const NOTICE_MS = 20_000;

describe('the dataset list left open, in a real terminal', () => {
  before(async () => {
    server = await OwnServer.start('listing');
    await cli(...fixtureLoadArgs('kriged_xco2.mat', 'kriged', '2009-06-15T00:00:00'));
    await cli(...fixtureLoadArgs('xco2.mat', 'xco2', '2009-06-15T00:00:00'));
  });
  after(async () => {
    for (const terminal of terminals) await terminal.close();
    await server.close();
  });

  it(
    'shows datasets renamed, removed and added by another process, without a key',
    { timeout: 120_000 },
    async () => {
      const terminal = await openTerminal('refresh');
      // Fixture facts: kriged_xco2.mat is one document, xco2.mat 1311 observations.
      await terminal.waitFor(/> kriged\s+1 grid/);
      await terminal.waitFor(/xco2\s+1311 vector/);
      await cli('rename', '-n', 'kriged', '-r', 'kriged_b');
      await terminal.waitFor(/Changed elsewhere: "kriged" renamed to "kriged_b"\./, NOTICE_MS);
      // The selection followed it, and the flag column marks it new (once the rename has let
      // go of it: a refresh in the middle of the rename shows it held, "!").
      const renamed = await terminal.waitFor(/> kriged_b\s+\+\s+1 grid/, NOTICE_MS);
      assert.doesNotMatch(renamed, /> kriged\s/);
      await cli('remove', '-n', 'xco2');
      const removed = await terminal.waitFor(/Changed elsewhere: "xco2" removed\./, NOTICE_MS);
      assert.doesNotMatch(removed, /xco2\s+1311/);
      await cli(...fixtureLoadArgs('casagfed2004.mat', 'casa', '2004-06-30T00:00:00'));
      // Fixture facts: casagfed2004.mat is 8 time steps.
      await terminal.waitFor(/casa\s+\+\s+8 grid/, NOTICE_MS);
      // R reads it all again: the marks were for what changed since the last whole read.
      await terminal.send('R');
      await terminal.waitFor(/casa\s+8 grid/);
      const after = await terminal.waitFor(/kriged_b\s+1 grid/);
      assert.doesNotMatch(after, /\+\s+\d+ grid/);
      await terminal.send('q');
      assert.equal(await terminal.exitCode(), 0);
    },
  );

  it(
    'says "disconnected" within seconds of the server going away or hanging, idle, and comes back by itself',
    { timeout: 180_000 },
    async () => {
      const terminal = await openTerminal('idle');
      await terminal.waitFor(/ connected /);
      await server.stop();
      const gone = await terminal.waitFor(/disconnected \(retrying\)/, NOTICE_MS);
      assert.match(statusBar(gone), /db listing/);
      await server.restart();
      await terminal.waitFor(/Connected again\./, 60_000);
      // A server that hangs refuses nothing: only a ping that goes unanswered tells.
      server.pause();
      try {
        const hung = await terminal.waitFor(/disconnected \(retrying\)/, NOTICE_MS);
        assert.match(hung, /disconnected: MongoDB did not answer a ping within 2 s/);
        assert.doesNotMatch(hung, /Connected again\./);
      } finally {
        server.resume();
      }
      await terminal.waitFor(/ connected .*\n.*Connected again\./, 60_000);
      await terminal.send('q');
      assert.equal(await terminal.exitCode(), 0);
    },
  );

  for (const colour of [true, false]) {
    it(
      `keeps the state and the database in the status bar with a long URI at 80x20${colour ? '' : ', NO_COLOR'}`,
      { timeout: 60_000 },
      async () => {
        const long = `${server.uri}?appName=flux-manage-operator-console-of-the-carbon-team&connectTimeoutMS=5000&retryWrites=true`;
        const terminal = await openTerminal(colour ? 'long-uri' : 'long-uri-nc', {
          rows: 20,
          colour,
          uri: long,
        });
        const screen = await terminal.waitFor(/ connected /);
        const bar = statusBar(screen);
        assert.match(bar, / connected {2}/, visible(screen));
        assert.match(bar, /db listing/, bar);
        assert.match(bar, new RegExp(`127\\.0\\.0\\.1:${new URL(server.uri).port}`), bar);
        assert.doesNotMatch(bar, /appName/);
        await terminal.send('q');
        assert.equal(await terminal.exitCode(), 0);
      },
    );
  }

  it(
    'reads a whole metadata document at 80x20, and Ctrl-C leaves it as anywhere',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('document', { rows: 20 });
      await terminal.waitFor(/> \S+\s+\d+ grid/);
      await terminal.send('m');
      const top = await terminal.waitFor(/lines 1-15 of \d+/);
      assert.match(top, /^ metadata of /m);
      assert.match(top, /^ {3}"_id": "/m);
      await terminal.send('G');
      const end = await terminal.waitFor(/lines \d+-(\d+) of \1/);
      assert.match(end, /^ }\s*$/m);
      await terminal.send('\u001b');
      await terminal.waitFor(/R refresh/);
      await terminal.send('m');
      await terminal.waitFor(/lines 1-15/);
      await terminal.send('\u0003');
      assert.equal(await terminal.exitCode(), 130);
      assert.deepEqual(await terminal.terminalState(), {
        alternateScreen: false,
        cursorVisible: true,
        echo: true,
        canonical: true,
      });
    },
  );
});
