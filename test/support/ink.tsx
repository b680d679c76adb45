import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { App } from '#ui/App.js';
import { UiStore } from '#ui/runtime/store.js';
import type { UiServices } from '#ui/services.js';
import { makeTheme } from '#ui/theme.js';
import type { TestDatabase } from './server.js';

/** What ink-testing-library's render returns, as far as these helpers use it. */
export interface View {
  lastFrame(): string | undefined;
  stdin: { write(data: string): void };
}

export const KEYS = {
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RenderedUi {
  view: View;
  store: UiStore;
  exits: number[];
  /** Keys as one read from the terminal: every key in it is acted on, in order. */
  type(raw: string): void;
  unmount(): void;
}

/**
 * The real UI (store, services over the test database, Ink) drawn into ink-testing-library's
 * terminal, 100 columns wide (its fixed width) and `rows` tall, without colour.
 */
export function renderUi(
  source: TestDatabase | UiServices,
  options: { rows?: number; env?: NodeJS.ProcessEnv } = {},
): RenderedUi {
  const services =
    'db' in source
      ? createUiServices(
          new MongoStore(source.db),
          'mongodb://127.0.0.1/',
          source.dbName,
          source.uri,
        )
      : source;
  const exits: number[] = [];
  const store = new UiStore(services, { columns: 100, rows: options.rows ?? 30 }, (code) =>
    exits.push(code),
  );
  const rendered = render(
    <App store={store} theme={makeTheme(options.env ?? { NO_COLOR: '1' })} fixedSize />,
  );
  store.start();
  return {
    view: rendered,
    store,
    exits,
    type: (raw) => rendered.stdin.write(raw),
    unmount: () => {
      store.close();
      rendered.unmount();
    },
  };
}

/** Waits until the screen matches; fails with the screen when it does not within `ms`. */
export async function waitFor(view: View, pattern: RegExp, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const frame = view.lastFrame() ?? '';
    if (pattern.test(frame)) return frame;
    if (Date.now() > deadline) assert.fail(`the screen never showed ${pattern}:\n${frame}`);
    await pause(20);
  }
}
