import { render } from 'ink';
import { App } from './App.js';
import { UiStore } from './runtime/store.js';
import type { UiServices } from './services.js';
import { TerminalSession } from './terminal/session.js';
import { makeTheme } from './theme.js';

/** Signals that end the UI as Ctrl-C does (cancelling a load first), with their exit codes. */
const SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

/**
 * Runs the UI on this terminal until the operator quits, and returns the exit code (0 for q,
 * 130 for Ctrl-C). The terminal is always given back as it was: on quitting, on a signal,
 * and on a crash (whose message is then printed on the operator's screen, not lost with the
 * alternate one).
 */
export async function runTui(services: UiServices): Promise<number> {
  const session = new TerminalSession(process.stdout, process.stdin);
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const store = new UiStore(
    services,
    { columns: session.columns, rows: session.rows },
    (code) => finish(code),
    () => session.suspend(),
  );
  const onSignal = new Map(
    SIGNALS.map(
      ([signal, code]) => [signal, () => store.dispatch({ type: 'signal', code })] as const,
    ),
  );
  const crash = (error: unknown) => {
    session.close();
    process.stdin.setRawMode?.(false);
    process.stderr.write(
      `flux-manage: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  };
  const restore = () => session.close();
  process.on('exit', restore);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  for (const [signal, handler] of onSignal) process.on(signal, handler);
  session.start();
  const instance = render(<App store={store} theme={makeTheme()} />, {
    stdout: session.sink as unknown as NodeJS.WriteStream,
    stdin: process.stdin,
    // Ink's debug mode hands each whole frame to the session, which draws only what changed.
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  store.start();
  try {
    return await finished;
  } finally {
    store.close();
    instance.unmount();
    session.close();
    process.stdin.setRawMode?.(false);
    process.stdin.pause();
    for (const [signal, handler] of onSignal) process.off(signal, handler);
    process.off('exit', restore);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
  }
}
