/**
 * The browse screen's key bindings, as data: the key hints, the help screen and the input
 * handler all read this one list. `dangerous` actions ask for confirmation.
 */
export type BrowseAction =
  | 'up'
  | 'down'
  | 'filter'
  | 'details'
  | 'load'
  | 'rename'
  | 'remove'
  | 'audit'
  | 'preview'
  | 'refresh'
  | 'help'
  | 'quit';

export interface KeyBinding {
  keys: string[];
  action: BrowseAction;
  label: string;
  description: string;
  dangerous?: boolean;
  /** Shown in the one-line hints (the rest are in ? help). */
  hint?: boolean;
}

export const BROWSE_KEYS: readonly KeyBinding[] = [
  { keys: ['up', 'k'], action: 'up', label: '↑/k', description: 'previous dataset' },
  { keys: ['down', 'j'], action: 'down', label: '↓/j', description: 'next dataset' },
  { keys: ['/'], action: 'filter', label: '/', description: 'filter the list by name', hint: true },
  {
    keys: ['return'],
    action: 'details',
    label: 'Enter',
    description: 'focus the details (Esc back)',
    hint: true,
  },
  { keys: ['l'], action: 'load', label: 'l', description: 'load a file (guided)', hint: true },
  {
    keys: ['p'],
    action: 'preview',
    label: 'p',
    description: 'preview one time step as a map',
    hint: true,
  },
  { keys: ['r'], action: 'rename', label: 'r', description: 'rename the dataset', hint: true },
  {
    keys: ['d'],
    action: 'remove',
    label: 'd',
    description: 'remove the dataset',
    dangerous: true,
    hint: true,
  },
  { keys: ['a'], action: 'audit', label: 'a', description: 'audit the database', hint: true },
  { keys: ['R'], action: 'refresh', label: 'R', description: 'refresh', hint: true },
  { keys: ['?'], action: 'help', label: '?', description: 'help', hint: true },
  { keys: ['q'], action: 'quit', label: 'q', description: 'quit', hint: true },
];

/** The action a key press means on the browse screen, if any. */
export function browseAction(
  input: string,
  key: { upArrow?: boolean; downArrow?: boolean; return?: boolean },
): BrowseAction | undefined {
  const name = key.upArrow ? 'up' : key.downArrow ? 'down' : key.return ? 'return' : input;
  return BROWSE_KEYS.find((binding) => binding.keys.includes(name))?.action;
}
