import stringWidth from 'string-width';
import { truncate, wrap } from '../format.js';
import { activeBindings } from './activeBindings.js';
import { heldNotice } from './status.js';
import type { AppState, Message, Tone } from './types.js';

/** The most rows the message line takes; a longer message ends with "…" (the log has it all). */
export const MESSAGE_ROWS = 3;

/**
 * What the line under the screen says: the answer to the last key, else why the server is out
 * of reach, else a hint at interrupted operations (the list marks them with "!"; a load of
 * this session is no interrupted operation: its row shows how far it is).
 */
export function messageOf(app: AppState): Message {
  if (app.message) return app.message;
  if (app.connection.state === 'disconnected')
    return { text: `disconnected: ${app.connection.detail}`, tone: 'error' };
  const interrupted = app.held.filter((name) => !app.loads[name]);
  if (interrupted.length > 0 && app.screen.kind === 'browse')
    return { text: heldNotice(app, interrupted), tone: 'warning' };
  return { text: '', tone: 'plain' };
}

/** The message wrapped to the terminal's width, on one to three rows. */
export function messageLines(app: AppState): { lines: string[]; tone: Tone } {
  const { text, tone } = messageOf(app);
  const width = app.size.columns;
  const lines = wrap(text, width);
  if (lines.length <= MESSAGE_ROWS) return { lines, tone };
  const logHere = activeBindings(app).some(
    (binding) => binding.action === 'log' && !binding.disabled?.(app),
  );
  const more = logHere ? ' (L: all of it)' : '';
  const rest = truncate(lines.slice(MESSAGE_ROWS - 1).join(' '), width - stringWidth(more));
  return { lines: [...lines.slice(0, MESSAGE_ROWS - 1), `${rest}${more}`], tone };
}

/** Rows for the screen in front: all but the status bar, the message's rows and the key line. */
export function screenRows(app: AppState): number {
  return Math.max(1, app.size.rows - 2 - messageLines(app).lines.length);
}
