import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadSmallDataset } from '#test/support/datasets.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { TmuxTerminal, visible } from '#test/support/tmux.js';

/**
 * What only a real terminal shows: Ctrl-Z and fg from a shell with job control, and Esc with
 * the next key in one write. The same in the model and against a terminal double:
 * suspend.test.ts, session.test.ts, keys.test.ts.
 */
const server = useTestDatabase('uiterminal');
const temp = useTempDir('uiterminal');

const programEnv = (): Record<string, string> => ({
  MONGODB_URI: server.env.MONGODB_URI ?? '',
  FLUX_DB: server.env.FLUX_DB ?? '',
  NO_COLOR: '1',
});

const terminals: TmuxTerminal[] = [];
async function openTerminal(label: string, options: Parameters<typeof TmuxTerminal.open>[1]) {
  const terminal = await TmuxTerminal.open(label, options);
  terminals.push(terminal);
  return terminal;
}

describe('the terminal, for real', () => {
  before(async () => {
    for (const name of ['run01', 'run02', 'run03'])
      await loadSmallDataset(server, temp.path, name, 2);
  });
  after(async () => {
    for (const terminal of terminals) await terminal.close();
  });

  it(
    'Ctrl-Z gives the shell back with a sane terminal; fg draws the UI again, at its new size',
    { timeout: 90_000 },
    async () => {
      const terminal = await openTerminal('suspend', {
        columns: 80,
        rows: 24,
        env: programEnv(),
        shell: true,
      });
      await terminal.waitFor(/> run01/);
      await terminal.send('j');
      await terminal.waitFor(/> run02/);

      await terminal.send('\u001a');
      const stopped = await terminal.waitFor(/Stopped[\s\S]*^\$\s*$/m);
      assert.doesNotMatch(stopped, /DATASET\s+RECORDS/, 'the shell screen, not the UI');
      assert.deepEqual(await terminal.terminalState(), {
        alternateScreen: false,
        cursorVisible: true,
        echo: true,
        canonical: true,
      });
      // The shell is usable: what is typed is echoed and run.
      await terminal.send('echo "shell is $((40 + 2))"\r');
      await terminal.waitFor(/^shell is 42$/m);

      // Resized while stopped: no resize reaches a stopped program.
      await terminal.tmux('resize-window', '-t', 'ui', '-x', '100', '-y', '30');
      await terminal.send('fg\r');
      // Drawn again, then laid out again at 100x30: the key line on the last row.
      const back = await terminal.waitFor(/> run02[\s\S]*q quit *\n?$/);
      assert.match(back, /DATASET\s+RECORDS/);
      const lines = back.replace(/\n$/, '').split('\n');
      assert.equal(lines.length, 30);
      assert.match(
        lines[29] ?? '',
        /q quit\s*$/,
        `the key line on the last of 30 rows:\n${visible(back)}`,
      );
      const state = await terminal.terminalState();
      assert.deepEqual([state.alternateScreen, state.echo, state.canonical], [true, false, false]);

      // It takes keys again, and quits as ever.
      await terminal.send('j');
      await terminal.waitFor(/> run03/);
      await terminal.send('q');
      await terminal.waitFor(/^\$\s*$/m);
      await terminal.send('echo "flux-manage exited with $?"\r');
      assert.equal(await terminal.exitCode(), 0);
      assert.deepEqual(await terminal.terminalState(), {
        alternateScreen: false,
        cursorVisible: true,
        echo: true,
        canonical: true,
      });
    },
  );

  it(
    'Esc and j in one write leave the preview, then move down the list',
    { timeout: 60_000 },
    async () => {
      const terminal = await openTerminal('escape', { columns: 80, rows: 24, env: programEnv() });
      await terminal.waitFor(/> run01/);
      await terminal.send('p');
      await terminal.waitFor(/run01 {2}values at 2004-06-30T00:00:00 {2}\(step 1 of 2\)/);
      await terminal.send('\u001bj');
      const list = await terminal.waitFor(/> run02/);
      assert.match(list, /DATASET\s+RECORDS/);
      // Arrows and PgDn sent in one write are still whole keys, not Esc and letters.
      await terminal.send('p');
      await terminal.waitFor(/run02 {2}values at .*\(step 1 of 2\)/);
      await terminal.send('\u001b[6~\u001b[C');
      const last = await terminal.waitFor(/This is the last step \(2\)/);
      assert.match(last, /run02 {2}values at 2004-06-30T03:00:00 {2}\(step 2 of 2\)/);
      await terminal.send('q');
      assert.equal(await terminal.exitCode(), 0);
    },
  );
});
