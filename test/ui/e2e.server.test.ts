import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runFluxManage } from '#test/support/cli.js';
import { loadSmallDataset } from '#test/support/datasets.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { TmuxTerminal } from '#test/support/tmux.js';

const server = useTestDatabase('uie2e');
const temp = useTempDir('uie2e');

/** The environment of the program: the test database, no colour unless a test says so. */
const programEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  MONGODB_URI: server.env.MONGODB_URI ?? '',
  FLUX_DB: server.env.FLUX_DB ?? '',
  ...extra,
});

const terminals: TmuxTerminal[] = [];
async function openTerminal(label: string, options: Parameters<typeof TmuxTerminal.open>[1]) {
  const terminal = await TmuxTerminal.open(label, options);
  terminals.push(terminal);
  return terminal;
}

const ESC = '\u001b';

/** The row of the screen marked as selected (the list's ">" marker). */
const selectedRow = (screen: string) => screen.split('\n').find((line) => line.startsWith('> '));

describe('flux-manage in a real terminal', () => {
  before(async () => {
    for (const name of ['casa_gfed_2004_run01', 'casa_gfed_2004_run02', 'casa_gfed_2004_run03'])
      await loadSmallDataset(server, temp.path, name, 2);
  });
  after(async () => {
    for (const terminal of terminals) await terminal.close();
  });

  it(
    'with no server configured and none on localhost, offers the embedded one',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('offer', {
        columns: 100,
        rows: 20,
        env: { XDG_DATA_HOME: `${temp.path}/data`, XDG_CACHE_HOME: `${temp.path}/cache` },
      });
      // Nothing listens on localhost:27017 here (the tests' server is on another port).
      await terminal.waitFor(/Start the embedded one \(FerretDB\)\? \[y\/N\]/);
      await terminal.send('n\r');
      await terminal.waitFor(
        /no server: give one with --uri or MONGODB_URI, or run `flux-manage embedded start`/,
      );
      assert.notEqual(await terminal.exitCode(), 0);
    },
  );

  it(
    'loads a fixture through the wizard, with a path and its Enter in one write, and quits with q',
    { timeout: 180_000 },
    async () => {
      // CI is set as some servers set it for every shell: the UI must draw all the same.
      const terminal = await openTerminal('wizard', {
        columns: 110,
        rows: 32,
        env: programEnv({ CI: 'true', NO_COLOR: '1' }),
      });
      await terminal.waitFor(/DATASET\s+RECORDS/);
      await terminal.waitFor(/ connected /);
      await terminal.send(`l${FIXTURES}casagfed2004.mat\r`);
      await terminal.waitFor(/casa_gfed_2004 {2}double {2}2635x10/);
      await terminal.send('\r');
      await terminal.waitFor(/step 3 of 8: the model/);
      await terminal.send('\rwizard_casa');
      await terminal.waitFor(/a new dataset/);
      await terminal.send('\r');
      await terminal.waitFor(/casagfed2004\.json can be used/);
      await terminal.send('\rtimestamp=2004-06-30T00:00:00\r');
      await terminal.waitFor(/Enter start/);
      await terminal.send('\r');
      await terminal.waitFor(/Upload complete!/, 90_000);
      await terminal.send('\r');
      await terminal.waitFor(/> wizard_casa\s+8 grid/);

      // The CLI sees it too.
      const listing = await runFluxManage(['db', '-l', 'collections', '-x'], { env: server.env });
      assert.match(listing.stdout, /^wizard_casa \(8 records\)$/m);

      // q quits and gives the terminal back: the shell's own screen, not the UI's.
      await terminal.send('q');
      assert.equal(await terminal.exitCode(), 0);
      assert.doesNotMatch(await terminal.screen(), /DATASET\s+RECORDS/);
      const state = await terminal.terminalState();
      assert.deepEqual(state, {
        alternateScreen: false,
        cursorVisible: true,
        echo: true,
        canonical: true,
      });
    },
  );

  it(
    'acts on every key of a burst, and inserts a real paste (with its newline) once',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('burst', {
        columns: 80,
        rows: 24,
        env: programEnv({ NO_COLOR: '1' }),
      });
      await terminal.waitFor(/> casa_gfed_2004_run01/);
      await terminal.send('jj');
      assert.match(selectedRow(await terminal.waitFor(/> casa_gfed_2004_run03/)) ?? '', /run03/);
      await terminal.send('\u001b[A\u001b[A');
      await terminal.waitFor(/> casa_gfed_2004_run01/);
      // A paste on the list does nothing (no "q" quits, no "d" removes).
      await terminal.paste('dq\n');
      await terminal.waitFor(/pasted text is ignored here/);
      // Into the wizard's path field: the text once, without its line break, nothing submitted.
      await terminal.send('l');
      await terminal.waitFor(/step 1 of 8/);
      await terminal.paste(`${FIXTURES}xco2.mat\n`);
      const field = await terminal.waitFor(/xco2\.mat/);
      assert.match(field, /step 1 of 8/);
      assert.equal(field.match(/xco2\.mat/g)?.length, 1);
      // Three Backspaces in one write delete three characters; Ctrl-U empties the field.
      await terminal.send('\u007f\u007f\u007f');
      await terminal.waitFor(/xco2\.\s*$/m);
      await terminal.send(`\u0015${FIXTURES}cas\t`);
      await terminal.waitFor(/casagfed2004\.\s*$/m);
      // A typed path with Enter in one write opens the file (no carriage return in the path).
      await terminal.send('mat\r');
      await terminal.waitFor(/step 2 of 8/);
      await terminal.send('\u0003');
      assert.equal(await terminal.exitCode(), 130);
    },
  );

  it(
    'marks the selection and the focused pane without colour under NO_COLOR',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('nocolor', {
        columns: 80,
        rows: 24,
        env: programEnv({ NO_COLOR: '1' }),
      });
      await terminal.waitFor(/> casa_gfed_2004_run01/);
      await terminal.settle();
      const styled = await terminal.styledScreen();
      const selected =
        styled.split('\n').find((line) => line.includes('> casa_gfed_2004_run01')) ?? '';
      // Inverse video (SGR 7) on the selected row; no colour anywhere (no 30-37, 38;..., 90-97).
      assert.match(selected, new RegExp(`${ESC}\\[[0-9;]*7m> casa_gfed_2004_run01`));
      // eslint-disable-next-line no-control-regex -- SGR sequences are what is checked
      const colours = [...styled.matchAll(/\u001b\[([0-9;]*)m/g)]
        .flatMap((match) => (match[1] ?? '').split(';'))
        .filter((code) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(code));
      assert.deepEqual(colours, []);
      // Enter gives the metadata pane the keys: its title is drawn in inverse video.
      await terminal.send('\r');
      await terminal.settle();
      assert.match(
        await terminal.styledScreen(),
        new RegExp(`${ESC}\\[[0-9;]*7m casa_gfed_2004_run01`),
      );
      await terminal.send('\u0003');
      assert.equal(await terminal.exitCode(), 130);
    },
  );

  it(
    'writes only what changed for a selection move, and never clears the scrollback',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('bytes', {
        columns: 80,
        rows: 24,
        env: programEnv({ NO_COLOR: '1' }),
      });
      await terminal.waitFor(/> casa_gfed_2004_run01/);
      const start = await terminal.settle();
      await terminal.send('j');
      await terminal.waitFor(/> casa_gfed_2004_run02/);
      const moved = await terminal.settle();
      const written = moved - start;
      assert.ok(written > 0 && written < 600, `one j wrote ${written} bytes`);
      await terminal.send('q');
      await terminal.exitCode();
      const all = (await terminal.bytesSince(0)).toString('latin1');
      assert.ok(!all.includes('\u001b[3J'), 'the scrollback was cleared');
      // The screen is cleared once, as the UI starts, and the alternate screen left once.
      assert.equal(all.split('\u001b[2J').length - 1, 1);
      assert.equal(all.split('\u001b[?1049l').length - 1, 1);
    },
  );

  it(
    'audits 40 findings at 80x24: every one reachable, the selected one always on screen',
    { timeout: 90_000 },
    async () => {
      const ghosts = Array.from(
        { length: 40 },
        (_, index) => `ghost${String(index + 1).padStart(2, '0')}`,
      );
      await server.db
        .collection('metadata')
        .insertMany(ghosts.map((id) => ({ _id: id, title: 'gone' }) as never));
      const terminal = await openTerminal('audit', {
        columns: 80,
        rows: 24,
        env: programEnv({ NO_COLOR: '1' }),
      });
      try {
        await terminal.waitFor(/> casa_gfed_2004_run01/);
        await terminal.send('a');
        const first = await terminal.waitFor(/Stale entries \(40\)/);
        assert.match(first, /↓ \d+ more/);
        const seen = new Set<string>();
        for (let step = 0; step < 40; step++) {
          const screen = await terminal.screen();
          const row = selectedRow(screen);
          assert.ok(row, `no selected row is visible after ${step} moves:\n${screen}`);
          const id = /collection ID "(ghost\d+)"/.exec(row)?.[1];
          if (id) seen.add(id);
          assert.equal(screen.split('\n').length, 24 + 1, 'the screen holds exactly its rows');
          await terminal.send('j');
          await terminal.waitFor(
            new RegExp(
              `> +stale entry for collection ID "ghost${String(Math.min(40, step + 2)).padStart(2, '0')}"`,
            ),
          );
        }
        assert.equal(seen.size, 40);
        const last = await terminal.screen();
        assert.match(last, /↑ \d+ more/);
        await terminal.send('\r');
        await terminal.waitFor(/f repairs it \(after asking\)/);
      } finally {
        await server.db.collection('metadata').deleteMany({ _id: { $in: ghosts } } as never);
      }
      await terminal.send('\u0003');
      assert.equal(await terminal.exitCode(), 130);
    },
  );

  it(
    'says when the terminal is too small instead of drawing over itself',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('small', {
        columns: 60,
        rows: 15,
        env: programEnv({ NO_COLOR: '1' }),
      });
      await terminal.waitFor(/terminal too small: 60x15, needs 80x20/);
      await terminal.tmux('resize-window', '-t', 'ui', '-x', '80', '-y', '24');
      await terminal.waitFor(/DATASET\s+RECORDS/);
      await terminal.send('\u0003');
      assert.equal(await terminal.exitCode(), 130);
    },
  );
});
