import type { Key } from '../terminal/keys.js';
import type { Bindings } from './bindings.js';
import type { AppAction } from './commonBindings.js';
import type { AppState, Msg, Screen, ScreenActions, Step } from './types.js';

export type ScreenKind = Screen['kind'];
export type ScreenOf<K extends ScreenKind> = Extract<Screen, { kind: K }>;

/**
 * One screen, as the app sees it. Its entry in the registry is the only place the app learns
 * about it: bindings bound to an action its handler does not take, or a kind without an
 * entry, do not compile.
 */
export interface ScreenDefinition<K extends ScreenKind> {
  /** Its keys now: they follow its state (the filter, a question, the wizard's step). */
  bindings: (
    screen: ScreenOf<K>,
    app: AppState,
  ) => Bindings<ScreenActions[K] | AppAction, AppState>;
  action: (app: AppState, screen: ScreenOf<K>, action: ScreenActions[K]) => Step;
  /** A key no binding took, typed into its text field; null when it has none now. */
  text?: (app: AppState, screen: ScreenOf<K>, key: Key) => Step | null;
  /** An answer to work it asked for; null when the answer is not its own. */
  message?: (app: AppState, screen: ScreenOf<K>, msg: Msg) => Step | null;
  /** The work it is writing to the database now ("load", "repair"): quitting waits for it. */
  writing?: (screen: ScreenOf<K>) => string | null;
  /** The error it shows now, or null: the log keeps each one, so closing it loses nothing. */
  error?: (screen: ScreenOf<K>) => string | null;
}

export type ScreenRegistry = { [K in ScreenKind]: ScreenDefinition<K> };
