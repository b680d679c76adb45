import { render } from 'ink';
import { App } from './App.js';
import type { UiServices } from './services.js';
import { makeTheme } from './theme.js';

const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';

/**
 * Runs the app in the terminal's alternate screen and always gives the terminal back (q,
 * Ctrl-C, or a crash), so the operator's shell is left as it was.
 */
export async function runTui(services: UiServices): Promise<void> {
  const stdout = process.stdout;
  stdout.write(ENTER_ALTERNATE_SCREEN);
  const restore = () => stdout.write(LEAVE_ALTERNATE_SCREEN);
  process.once('exit', restore);
  try {
    const app = render(<App services={services} theme={makeTheme()} />, {
      exitOnCtrlC: true,
      // Redraw only what changed, at most 10 times a second: kind to slow SSH links.
      incrementalRendering: true,
      maxFps: 10,
    });
    await app.waitUntilExit();
  } finally {
    process.removeListener('exit', restore);
    restore();
  }
}
