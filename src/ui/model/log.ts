import { auditVerdict, repairLine } from '#core/operations/notices.js';
import { wrap } from '../format.js';
import type { Bindings } from './bindings.js';
import { HELP_BINDING, LIST_BINDINGS, QUIT_BINDING, type AppAction } from './commonBindings.js';
import { bodyHeight } from './layout.js';
import { isListMove, moveSelection, type ListMove } from './listCursor.js';
import type { AppState, Msg, Screen, Step, Tone } from './types.js';
import { verifyVerdict } from './verifyScreen.js';
import { step } from './types.js';

/** One message of the session, as the log keeps it. */
export interface LogEntry {
  text: string;
  tone: Tone;
  /** The same message, this many times in a row. */
  count: number;
}

/** The log screen: the line selected (null: the newest, following new ones), and what it covers. */
export interface LogState {
  selected: number | null;
  back: Exclude<Screen, { kind: 'log' }>;
}

export type LogAction = ListMove | 'back';

/** The log keeps the session's newest messages, this many. */
export const LOG_LIMIT = 1000;

/** Keeps a message in the log (the same one again in a row is counted, not repeated). */
export function record(app: AppState, text: string, tone: Tone): AppState {
  const last = app.log.at(-1);
  if (last && last.text === text && last.tone === tone)
    return { ...app, log: [...app.log.slice(0, -1), { ...last, count: last.count + 1 }] };
  return { ...app, log: [...app.log, { text, tone, count: 1 }].slice(-LOG_LIMIT) };
}

/** What an answer tells that no message line or screen keeps for long: an audit's, a repair's. */
export function answerEntries(msg: Msg): Array<{ text: string; tone: Tone }> {
  if (msg.type === 'audited')
    return [{ text: auditVerdict(msg.report), tone: msg.report.clean ? 'success' : 'warning' }];
  if (msg.type === 'verified') return [verifyVerdict(msg.report)];
  if (msg.type === 'repaired')
    return msg.actions.map((action) => ({
      text: `${repairLine(action)} (${action.finding.message})`,
      tone: action.done ? 'success' : 'error',
    }));
  return [];
}

/** The log's lines at this width: each message wrapped, the lines after its first indented. */
export function logLines(
  log: readonly LogEntry[],
  width: number,
): Array<{ text: string; tone: Tone }> {
  return log.flatMap((entry) => {
    const text = entry.count > 1 ? `${entry.text} (${entry.count} times)` : entry.text;
    return wrap(text, Math.max(10, width - 4)).map((line, index) => ({
      text: index === 0 ? line : `  ${line}`,
      tone: entry.tone,
    }));
  });
}

export const LOG_SCREEN_BINDINGS: Bindings<LogAction | AppAction, AppState> = [
  ...LIST_BINDINGS,
  {
    action: 'back',
    keys: ['escape', 'L'],
    label: 'Esc',
    description: 'close the log',
    hint: 'back',
  },
  HELP_BINDING,
  QUIT_BINDING,
];

export function openLog(app: AppState): Step {
  if (app.screen.kind === 'log') return step(app);
  return step({ ...app, screen: { kind: 'log', log: { selected: null, back: app.screen } } });
}

export function logAction(app: AppState, log: LogState, action: LogAction): Step {
  if (!isListMove(action)) return step({ ...app, screen: log.back });
  const count = logLines(app.log, app.size.columns).length;
  const current = log.selected ?? count - 1;
  const page = Math.max(1, bodyHeight(app.size) - 2);
  const moved = moveSelection(current, count, action, page);
  const selected = action === 'last' || moved >= count - 1 ? null : moved;
  return step({ ...app, screen: { kind: 'log', log: { ...log, selected } } });
}
