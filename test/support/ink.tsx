import assert from 'node:assert/strict';

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
} as const;

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Types keys one at a time, as a person would (Ink reads each chunk as one key or text), each
 * once the screen has answered the one before: a text input computes its next value from the
 * last one it drew, so a key sent before that redraw, on a busy machine, would be lost.
 */
export async function press(view: View, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    const before = view.lastFrame();
    view.stdin.write(key);
    const deadline = Date.now() + 1000; // some keys change nothing on the screen
    while (view.lastFrame() === before && Date.now() < deadline) await pause(10);
    await pause(key === KEYS.escape ? 120 : 40);
  }
}

/** Waits until the screen matches; fails with the screen when it does not within `ms`. */
export async function waitFor(view: View, pattern: RegExp, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const frame = view.lastFrame() ?? '';
    if (pattern.test(frame)) {
      // The frame is drawn before React runs its effects, where components subscribe to
      // input: give them a moment, as a person would take one before typing.
      await pause(150);
      return frame;
    }
    if (Date.now() > deadline) assert.fail(`the screen never showed ${pattern}:\n${frame}`);
    await pause(50);
  }
}
