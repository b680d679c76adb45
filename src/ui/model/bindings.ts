import stringWidth from 'string-width';
import type { Key } from '../terminal/keys.js';

/**
 * A key binding as data. A screen lists its bindings once; the key line, the help screen and
 * the input handling all read that list, so what is shown is what the keys do.
 */
export interface Binding<Action extends string, State> {
  action: Action;
  /** Key ids (see terminal/keys.ts). */
  keys: readonly string[];
  /** How the keys are written for people: "j/↓", "Enter", "Ctrl-C". */
  label: string;
  /** For the help screen. */
  description: string;
  /** One or two words for the key line; bindings without one appear only in help. */
  hint?: string;
  /** Always on the key line, at its end, however narrow the terminal ("? help", "q quit"). */
  pinned?: boolean;
  /** Changes or removes data: asks for confirmation first. */
  dangerous?: boolean;
  /** Why the binding does nothing in this state (shown when its key is pressed), or null. */
  disabled?: (state: State) => string | null;
}

export type Bindings<Action extends string, State> = ReadonlyArray<Binding<Action, State>>;

/** The binding a key means in this state: its action, or why it does nothing now. */
export function bindingFor<Action extends string, State>(
  bindings: Bindings<Action, State>,
  key: Key,
  state: State,
): { action: Action } | { refused: string } | null {
  const binding = bindings.find((candidate) => candidate.keys.includes(key.id));
  if (!binding) return null;
  const reason = binding.disabled?.(state) ?? null;
  return reason === null ? { action: binding.action } : { refused: reason };
}

const SEPARATOR = '  ';

/**
 * The key line: the hints that fit in `width`, in the order given, with the pinned ones
 * always kept at the end. Disabled bindings are left out.
 */
export function keyLine<Action extends string, State>(
  bindings: Bindings<Action, State>,
  state: State,
  width: number,
): string {
  const enabled = bindings.filter(
    (binding) => binding.hint !== undefined && (binding.disabled?.(state) ?? null) === null,
  );
  const text = (binding: Binding<Action, State>) => `${binding.label} ${binding.hint}`;
  const pinned = enabled.filter((binding) => binding.pinned).map(text);
  const pinnedText = pinned.join(SEPARATOR);
  let room = width - stringWidth(pinnedText) - (pinned.length ? SEPARATOR.length : 0);
  const shown: string[] = [];
  for (const binding of enabled.filter((candidate) => !candidate.pinned)) {
    const hint = text(binding);
    const needed = stringWidth(hint) + SEPARATOR.length;
    if (needed > room) continue;
    shown.push(hint);
    room -= needed;
  }
  return [...shown, ...pinned].join(SEPARATOR);
}

/** The help screen's lines for a list of bindings: keys, what they do, and when they don't. */
export function helpLines<Action extends string, State>(
  bindings: Bindings<Action, State>,
  state: State,
): string[] {
  const width = Math.max(...bindings.map((binding) => stringWidth(binding.label)), 4) + 2;
  return bindings.map((binding) => {
    const reason = binding.disabled?.(state) ?? null;
    const notes = [binding.dangerous ? 'asks first' : '', reason ? `not now: ${reason}` : '']
      .filter(Boolean)
      .join('; ');
    const pad = ' '.repeat(Math.max(1, width - stringWidth(binding.label)));
    return `${binding.label}${pad}${binding.description}${notes ? ` (${notes})` : ''}`;
  });
}
