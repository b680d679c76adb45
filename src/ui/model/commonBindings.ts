import { LIST_KEYS } from './listCursor.js';

/** Bindings many screens share: moving through a list, help, and the ways out. */
export const LIST_BINDINGS = [
  { action: 'up', keys: LIST_KEYS.up, label: '↑/k', description: 'previous' },
  { action: 'down', keys: LIST_KEYS.down, label: '↓/j', description: 'next' },
  { action: 'pageUp', keys: LIST_KEYS.pageUp, label: 'PgUp', description: 'a page up' },
  { action: 'pageDown', keys: LIST_KEYS.pageDown, label: 'PgDn', description: 'a page down' },
  { action: 'first', keys: LIST_KEYS.first, label: 'g/Home', description: 'the first' },
  { action: 'last', keys: LIST_KEYS.last, label: 'G/End', description: 'the last' },
] as const;

/** Actions the app takes on every screen, before the screen in front sees the key. */
export type AppAction = 'help' | 'quit' | 'log';

export const HELP_BINDING = {
  action: 'help',
  keys: ['?', 'f1'],
  label: '?',
  description: 'help: the keys of this screen',
  hint: 'help',
  pinned: true,
} as const;

export const QUIT_BINDING = {
  action: 'quit',
  keys: ['q'],
  label: 'q',
  description: 'quit (Ctrl-C also quits, from anywhere)',
  hint: 'quit',
  pinned: true,
} as const;

/** On screens that type text, where q and ? are letters: Ctrl-C is the way out. */
export const CTRL_C_BINDING = {
  action: 'quit',
  keys: [],
  label: 'Ctrl-C',
  description: 'quit',
  hint: 'quit',
  pinned: true,
} as const;

/**
 * The log of every message of the session, over the screen in front (Esc goes back to it). On
 * screens whose key line has no room for it, help lists it (LOG_HELP_BINDING).
 */
export const LOG_HELP_BINDING = {
  action: 'log',
  keys: ['L'],
  label: 'L',
  description: 'the log: every message of this session',
} as const;

export const LOG_BINDING = { ...LOG_HELP_BINDING, hint: 'log' } as const;
