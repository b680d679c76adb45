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

/**
 * A fixed sleep. A UI test waits for what it expects instead (waitForFrame, waitUntil); a
 * pause is only for asserting that something does NOT happen within a time.
 */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a wait gives the UI by default: generous, as the server can be slow on CI. */
const WAIT_MS = 20_000;
/** How often a wait looks again. */
const POLL_MS = 15;

export interface WaitOptions {
  /** Fails after this long; WAIT_MS (20 s) by default. */
  timeoutMs?: number;
  /** What is waited for, in the failure's message; by default the patterns or the code. */
  what?: string;
}

/** A frame the test waits for: one that matches the pattern, every pattern, or the predicate. */
export type FrameExpectation = RegExp | readonly RegExp[] | ((frame: string) => boolean);

function describeExpectation(expected: FrameExpectation): string {
  if (expected instanceof RegExp || typeof expected === 'function') return String(expected);
  return `all of ${expected.map(String).join(', ')}`;
}

function matches(expected: FrameExpectation, frame: string): boolean {
  if (expected instanceof RegExp) return expected.test(frame);
  if (typeof expected === 'function') return expected(frame);
  return expected.every((pattern) => pattern.test(frame));
}

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

/**
 * The first frame (the last one drawn, looked at every POLL_MS) that shows what the test
 * expects; fails with that and the last frame when none does within the timeout. Keys are
 * drawn after `type` returns: wait for a frame that only their effect can show.
 */
export async function waitForFrame(
  view: View,
  expected: FrameExpectation,
  { timeoutMs = WAIT_MS, what }: WaitOptions = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = view.lastFrame() ?? '';
    if (matches(expected, frame)) return frame;
    if (Date.now() > deadline)
      assert.fail(
        `the screen did not show ${what ?? describeExpectation(expected)} within ${timeoutMs} ms; its last frame:\n${frame}`,
      );
    await pause(POLL_MS);
  }
}

/**
 * Waits until `condition` (store state, exit codes, the database) gives a truthy value, and
 * returns it; fails when it does not within the timeout.
 */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = WAIT_MS, what }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline)
      assert.fail(`${what ?? String(condition)} did not hold within ${timeoutMs} ms`);
    await pause(POLL_MS);
  }
}
