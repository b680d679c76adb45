import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerminalSession } from '#ui/terminal/session.js';

/**
 * Ctrl-Z and fg against a terminal double: what the session writes and asks of the tty and of
 * the process, in order. The same in a real terminal is in e2e-terminal.server.test.ts.
 */
function terminal() {
  const events: string[] = [];
  let continued: (() => void) | null = null;
  const output = {
    columns: 80,
    rows: 24,
    write: (data: string) => events.push(`write ${data}`),
    on: () => undefined,
    off: () => undefined,
  };
  const input = {
    setRawMode: (raw: boolean): unknown => events.push(`raw ${raw}`),
  };
  const job = {
    kill: (pid: number, signal: NodeJS.Signals) => events.push(`kill ${pid} ${signal}`),
    once: (signal: 'SIGCONT', listener: () => void) => {
      events.push(`once ${signal}`);
      continued = listener;
    },
  };
  const session = new TerminalSession(output, input, job);
  return {
    session,
    input,
    events,
    /** What was written since `from`, as one string. */
    written: (from = 0) =>
      events
        .slice(from)
        .filter((event) => event.startsWith('write '))
        .map((event) => event.slice('write '.length))
        .join(''),
    fg: () => {
      assert.ok(continued, 'the session waits for SIGCONT');
      continued();
    },
  };
}

const ESC = '\u001b';

describe('Ctrl-Z and fg', () => {
  it('gives the terminal back, leaves raw mode, then stops the process group', () => {
    const { session, events, written } = terminal();
    session.start();
    session.frame('hello');
    session.flush();
    const before = events.length;
    session.suspend();
    // Main screen, cursor shown, no bracketed paste, plain attributes (xterm's sequences).
    const left = written(before);
    for (const sequence of ['[0m', '[?2004l', '[?25h', '[?1049l'])
      assert.ok(left.includes(`${ESC}${sequence}`), `writes ESC${sequence}`);
    const order = events.slice(before).map((event) => event.split(' ')[0]);
    assert.deepEqual(order, ['write', 'raw', 'once', 'kill']);
    assert.deepEqual(events.slice(-3), ['raw false', 'once SIGCONT', 'kill 0 SIGTSTP']);
  });

  it('draws nothing while stopped; on SIGCONT takes the terminal again and draws the whole newest frame', () => {
    const { session, events, written, fg } = terminal();
    session.start();
    session.frame('first frame');
    session.flush();
    session.suspend();
    const stopped = events.length;
    session.frame('newest frame');
    session.flush();
    assert.equal(events.length, stopped, 'nothing is written while stopped');

    fg();
    const resumed = events.slice(stopped);
    assert.equal(resumed[0], 'raw true', 'raw mode first');
    const drawn = written(stopped);
    const enter = drawn.indexOf(`${ESC}[?1049h`);
    const clear = drawn.indexOf(`${ESC}[2J`);
    assert.ok(enter >= 0 && drawn.includes(`${ESC}[?25l`) && drawn.includes(`${ESC}[?2004h`));
    assert.ok(clear > enter, 'the alternate screen, then cleared');
    assert.ok(drawn.indexOf('newest frame') > clear, 'then the newest frame, whole');
  });

  it('on coming back, signals itself a resize: the tty size is read again (none reached it stopped)', () => {
    const { session, events, written, fg } = terminal();
    session.start();
    session.frame('frame');
    session.flush();
    session.suspend();
    const stopped = events.length;
    fg();
    assert.equal(events.at(-1), `kill ${process.pid} SIGWINCH`);
    assert.ok(written(stopped).includes('frame'), 'after the frame is drawn whole');
  });

  it('continued with its terminal gone (the shell exited), it draws nothing', () => {
    const { session, input, events, written, fg } = terminal();
    session.start();
    session.frame('frame');
    session.flush();
    session.suspend();
    const stopped = events.length;
    input.setRawMode = () => {
      throw new Error('setRawMode EIO');
    };
    fg();
    assert.equal(written(stopped), '');
  });

  it('closed while stopped (a hangup), it does not give the terminal back twice', () => {
    const { session, events, written } = terminal();
    session.start();
    session.suspend();
    const stopped = events.length;
    session.close();
    assert.equal(written(stopped), '');
  });
});
