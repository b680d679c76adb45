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

/** Types keys one at a time, as a person would (Ink reads each chunk as one key or text). */
export async function press(view: View, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    view.stdin.write(key);
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
      await pause(80);
      return frame;
    }
    if (Date.now() > deadline) assert.fail(`the screen never showed ${pattern}:\n${frame}`);
    await pause(50);
  }
}
