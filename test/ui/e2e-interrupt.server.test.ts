import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { startEmbedded, stopEmbedded } from '#adapters/embedded/server.js';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { pause } from '#test/support/ink.js';
import { TmuxTerminal } from '#test/support/tmux.js';

/**
 * Ctrl-C in every busy state, and a server that stops answering, against a FerretDB of this
 * file's own: the tests pause it (SIGSTOP) to hold the UI in a state, which must not touch
 * the server the other test files share.
 */
const DB = 'interrupts';
let dataDir = '';
let uri = '';
let pid = 0;
let port = 0;

async function startServer(): Promise<void> {
  const status = await startEmbedded({ dataDir, port });
  uri = status.uri ?? '';
  pid = status.pid ?? 0;
  port = Number(new URL(uri).port);
}

const env = () => ({ MONGODB_URI: uri, FLUX_DB: DB, NO_COLOR: '1' });
const cli = (...args: string[]) => runFluxManage(args, { env: { ...process.env, ...env() } });

const terminals: TmuxTerminal[] = [];
async function openTerminal(label: string): Promise<TmuxTerminal> {
  const terminal = await TmuxTerminal.open(label, { columns: 100, rows: 30, env: env() });
  terminals.push(terminal);
  return terminal;
}

/** The terminal as the shell had it before the UI: that is what Ctrl-C must leave. */
async function assertGivenBack(terminal: TmuxTerminal): Promise<void> {
  assert.equal(await terminal.exitCode(), 130);
  assert.deepEqual(await terminal.terminalState(), {
    alternateScreen: false,
    cursorVisible: true,
    echo: true,
    canonical: true,
  });
}

/** Up to the review of a load of casagfed2004.mat into `name`. */
async function toReview(terminal: TmuxTerminal, name: string): Promise<void> {
  await terminal.waitFor(/ connected /);
  await terminal.send(`l${FIXTURES}casagfed2004.mat\r`);
  await terminal.waitFor(/step 2 of 8/);
  await terminal.send(`\r\r${name}`);
  await terminal.waitFor(/a new dataset/);
  await terminal.send('\r');
  await terminal.waitFor(/can be used/);
  await terminal.send('\rtimestamp=2004-06-30T00:00:00\r');
  await terminal.waitFor(/Enter start/);
}

/** The database's collections, flux-manage's journal aside (it may stay; see issue 13). */
async function collections(): Promise<string[]> {
  const client = await new MongoClient(uri).connect();
  try {
    return (await client.db(DB).listCollections({}, { nameOnly: true }).toArray())
      .map((info) => info.name)
      .filter((name) => name !== '_fluxmanage_journal')
      .sort();
  } finally {
    await client.close();
  }
}

describe('Ctrl-C and a server that goes away, in a real terminal', () => {
  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-manage-interrupts-'));
    await startServer();
    const loaded = await cli(
      'load',
      '-p',
      `${FIXTURES}kriged_xco2.mat`,
      '-m',
      'KrigedXCO2Matrix',
      '-n',
      'kriged',
      '-o',
      'timestamp=2009-06-15T00:00:00',
    );
    assert.equal(loaded.code, 0, loaded.stderr);
  });
  after(async () => {
    process.kill(pid, 'SIGCONT');
    for (const terminal of terminals) await terminal.close();
    await stopEmbedded(dataDir).catch(() => undefined);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it(
    'gives the terminal back on Ctrl-C while a file is being read',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('reading');
      await terminal.waitFor(/ connected /);
      // Enter starts the read; Ctrl-C in the same write arrives while the file is being read.
      await terminal.send(`l${FIXTURES}casagfed2004.mat\r\u0003`);
      await assertGivenBack(terminal);
    },
  );

  it(
    'gives the terminal back on Ctrl-C while the load is checked, the server not answering',
    { timeout: 90_000 },
    async () => {
      const existing = await collections();
      const terminal = await openTerminal('review');
      await toReview(terminal, 'casa_review');
      await terminal.send('\u001b');
      await terminal.waitFor(/step 6 of 8/);
      process.kill(pid, 'SIGSTOP');
      try {
        await terminal.send('\r');
        await terminal.waitFor(/Checking the load \(a dry run\)/);
        // Keys typed meanwhile are not echoed over the screen: the terminal is in raw mode.
        // The pause asserts that something does NOT happen: no echo within 500 ms.
        await terminal.send('zz');
        await pause(500);
        const meanwhile = await terminal.screen();
        assert.doesNotMatch(meanwhile, /zz/);
        assert.match(
          meanwhile,
          /Checking the load \(a dry run\)/,
          'the server still does not answer',
        );
        await terminal.send('\u0003');
        await assertGivenBack(terminal);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      assert.deepEqual(await collections(), existing);
    },
  );

  it(
    'cancels a running load on Ctrl-C, undoing it, then quits with 130',
    { timeout: 90_000 },
    async () => {
      const existing = await collections();
      const terminal = await openTerminal('load');
      await toReview(terminal, 'casa_cancelled');
      process.kill(pid, 'SIGSTOP');
      try {
        await terminal.send('\r');
        await terminal.waitFor(/step 8 of 8/);
        await terminal.send('\u0003');
        await terminal.waitFor(/Cancelling/);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      await assertGivenBack(terminal);
      // Nothing of the load is left: no dataset, no leftover, and the audit is clean.
      assert.deepEqual(await collections(), existing);
      const audit = await cli('db', '-a');
      assert.match(audit.stdout, /No inconsistencies found!/);
    },
  );

  it(
    'runs a load in the background at 80x20: its row, its ticking clock, the log, q refused in a wrapped message',
    { timeout: 120_000 },
    async () => {
      const terminal = await TmuxTerminal.open('background', {
        columns: 80,
        rows: 20,
        env: env(),
      });
      terminals.push(terminal);
      await toReview(terminal, 'casa_background');
      // The server paused: the load cannot go past its start, and no event comes.
      process.kill(pid, 'SIGSTOP');
      try {
        await terminal.send('\r');
        await terminal.waitFor(/Starting: reading the file/);
        // The clock counts on regardless (it shows 2 s or more only if it ticks).
        await terminal.waitFor(/elapsed 0:0[2-9]/);
        await terminal.send('\r');
        const list = await terminal.waitFor(/> casa_background\s+starting/);
        assert.equal(list.split('\n').length, 20 + 1, 'the screen holds exactly its rows');
        assert.match(list, /The load \(l shows it\)/);
        // q is refused: the reason wraps onto a second row, the key line stays the last row.
        await terminal.send('q');
        const refused = await terminal.waitFor(/or Ctrl-C cancels\s*\n\s*it and quits/);
        assert.match(refused.trimEnd().split('\n').at(-1) ?? '', /\? help {2}q quit$/);
        await terminal.send('L');
        const log = await terminal.waitFor(/The log: \d+ messages/);
        assert.match(log, /The load of "casa_background" goes on/);
        await terminal.send('\u001b');
        await terminal.waitFor(/DATASET/);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      // Fixture facts: 8 steps of 2635 cells.
      await terminal.waitFor(/Loaded "casa_background": 8 documents \(21080 values\)/, 60_000);
      await terminal.waitFor(/casa_background\s+8 grid/);
      await terminal.send('q');
      assert.equal(await terminal.exitCode(), 0);
      // The database as the other tests expect it: kriged alone.
      assert.equal((await cli('remove', '-n', 'casa_background', '--yes')).code, 0);
    },
  );

  it(
    'gives the terminal back on Ctrl-C while the server is too slow to list the datasets',
    { timeout: 60_000 },
    async () => {
      process.kill(pid, 'SIGSTOP');
      try {
        const terminal = await openTerminal('slow');
        await terminal.waitFor(/Reading the list of datasets|Connecting to/);
        // The pause asserts that something does NOT happen: the server stays silent (the
        // screen still waits for it) for 300 ms, so the Ctrl-C below comes while it is slow.
        await pause(300);
        assert.match(await terminal.screen(), /Reading the list of datasets|Connecting to/);
        await terminal.send('\u0003');
        await assertGivenBack(terminal);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    },
  );

  it(
    'shows "disconnected" when the server goes away, and refreshes itself when it is back',
    { timeout: 120_000 },
    async () => {
      const terminal = await openTerminal('disconnect');
      await terminal.waitFor(/> kriged\s+1 grid/);
      await stopEmbedded(dataDir);
      await terminal.send('R');
      const gone = await terminal.waitFor(/disconnected/, 30_000);
      assert.doesNotMatch(gone, /No metadata/);
      await startServer();
      const back = await terminal.waitFor(/Connected again\./, 60_000);
      assert.match(back, / connected /);
      assert.match(back, /title\s+Kriged XCO2 Test/);
      await terminal.send('q');
      assert.equal(await terminal.exitCode(), 0);
    },
  );
});
