import type { LoadProgress } from '#core/operations/load/execute.js';
import { describeForUi } from '../errors.js';
import type { LoadOutcome } from '../services.js';
import { selectedRow, toBrowse } from './browse.js';
import { record } from './log.js';
import { loadOutcomeText, loadFailureText, LOAD_CANCELLED_TEXT } from './loadLines.js';
import type { AppState, Effect, Msg, Screen, Step, Tone } from './types.js';
import { step } from './types.js';
import { loadRequest } from './wizard/request.js';
import { initialWizard, type WizardState } from './wizard/state.js';

/** Where a load is: running (with its newest progress and its clock), or how it ended. */
export type LoadRun =
  | {
      status: 'running';
      progress: LoadProgress | null;
      cancelling: boolean;
      /** Since the load started: the newest progress event's, or the clock's if it is later. */
      elapsedMs: number;
    }
  | { status: 'done'; outcome: LoadOutcome }
  | { status: 'failed'; text: string; connection: boolean }
  | { status: 'cancelled' };

/**
 * A load started from the wizard. It belongs to the app, not to the wizard's screen: it runs
 * while the operator browses, and its row in the list shows how far it is.
 */
export interface LoadJob {
  /** The dataset it writes; the journal lets one operation at a time hold a dataset. */
  name: string;
  /** The wizard at its review: after a failure or a cancel, Esc goes back to it. */
  wizard: WizardState;
  run: LoadRun;
}

export const runningLoads = (app: AppState): LoadJob[] =>
  Object.values(app.loads).filter((job) => job.run.status === 'running');

/** Why `name` cannot be written to now (a load of it is running), or null. */
export function loadingReason(app: AppState, name: string | null | undefined): string | null {
  if (!name || app.loads[name]?.run.status !== 'running') return null;
  return `a load of "${name}" is running: wait for it to end, or cancel it (l on its row, then Esc)`;
}

/**
 * Why a dataset's row cannot be previewed, renamed or removed because of a load, or null: a
 * load of it is running, or it is the row of a new dataset whose load did not finish.
 */
export function loadBlocks(app: AppState, name: string | null | undefined): string | null {
  if (!name || !app.loads[name]) return null;
  const listed = (app.datasets ?? []).some((row) => row.name === name);
  return (
    loadingReason(app, name) ??
    (listed ? null : `"${name}" is not in the database: its load did not finish (l shows it)`)
  );
}

/** The screen the operator sees, or the one under the log when the log is open. */
export function screenUnderLog(app: AppState): Screen {
  return app.screen.kind === 'log' ? app.screen.log.back : app.screen;
}

/** The load whose screen (the wizard's last step) is in front, or under the log. */
export function shownLoad(app: AppState): LoadJob | null {
  const screen = screenUnderLog(app);
  if (screen.kind !== 'load' || screen.wizard.step !== 'load') return null;
  return app.loads[screen.wizard.name.value] ?? null;
}

const withJob = (app: AppState, job: LoadJob): AppState => ({
  ...app,
  loads: { ...app.loads, [job.name]: job },
});

function withoutJob(app: AppState, name: string): AppState {
  const { [name]: _dropped, ...loads } = app.loads;
  return { ...app, loads };
}

/** Enter on the review: the load starts, and its screen shows it. */
export function startLoad(app: AppState, wizard: WizardState): Step {
  const job: LoadJob = {
    name: wizard.name.value,
    wizard: { ...wizard, step: 'review', error: null },
    run: { status: 'running', progress: null, cancelling: false, elapsedMs: 0 },
  };
  return step(
    { ...withJob(app, job), screen: { kind: 'load', wizard: { ...job.wizard, step: 'load' } } },
    { type: 'load', request: loadRequest(wizard) },
  );
}

/** Esc on a running load (or Ctrl-C): it stops and undoes what it wrote. */
export function cancelLoad(app: AppState, name: string): Step {
  const job = app.loads[name];
  if (job?.run.status !== 'running' || job.run.cancelling) return step(app);
  return step(withJob(app, { ...job, run: { ...job.run, cancelling: true } }), {
    type: 'cancelLoad',
    name,
  });
}

/** Ctrl-C or a signal: every running load is cancelled. */
export function cancelAllLoads(app: AppState): Step {
  const effects: Effect[] = [];
  let next = app;
  for (const job of runningLoads(app)) {
    const cancelled = cancelLoad(next, job.name);
    next = cancelled.state;
    effects.push(...cancelled.effects);
  }
  return { state: next, effects };
}

/** Enter on a running load: back to the list, the load going on; its row shows it. */
export function leaveLoadRunning(app: AppState, name: string): Step {
  return toBrowse(app, {
    select: name,
    message: {
      text: `The load of "${name}" goes on: its row shows how far it is, and l on it shows the load.`,
      tone: 'muted',
    },
  });
}

/** The load's screen is closed after it ended: it is forgotten (the log keeps its end). */
export function closeLoad(app: AppState, name: string): Step {
  const job = app.loads[name];
  const next = job && job.run.status !== 'running' ? withoutJob(app, name) : app;
  return toBrowse(
    next,
    job?.run.status === 'done'
      ? {
          select: name,
          message: { text: `Loaded "${name}".`, tone: 'success', logged: true },
          changed: true,
        }
      : {},
  );
}

/** After a failure or a cancel: the review again, with every answer as it was. */
export function reviewAgain(app: AppState, name: string): WizardState | null {
  const job = app.loads[name];
  return job && job.run.status !== 'running' && job.run.status !== 'done' ? job.wizard : null;
}

export const forgetLoad = withoutJob;

/** l on the list: the selected dataset's load if it has one, else a new guided load. */
export function openLoad(app: AppState): Step {
  const job = app.loads[selectedRow(app)?.name ?? ''];
  const wizard = job ? { ...job.wizard, step: 'load' as const } : initialWizard(app.lastLoad);
  return step({ ...app, screen: { kind: 'load', wizard } });
}

/** A load ended: its screen shows how, if it is in front; otherwise the message line does. */
function ended(app: AppState, name: string, run: LoadRun, text: string, tone: Tone): Step {
  const job = app.loads[name];
  if (!job) return step(app);
  const refresh: Effect = { type: 'listDatasets' };
  if (shownLoad(app)?.name === name)
    return step(record(withJob(app, { ...job, run }), text, tone), refresh);
  // A finished load has nothing left to show; a failed or cancelled one waits on its row.
  const next = run.status === 'done' ? withoutJob(app, name) : withJob(app, { ...job, run });
  const said = /[.!?]$/.test(text) ? text : `${text}.`;
  const hint = run.status === 'done' ? '' : ' l on its row goes back to its review.';
  return step({ ...next, message: { text: `${said}${hint}`, tone } }, refresh);
}

type Running = Extract<LoadRun, { status: 'running' }>;

function running(app: AppState, name: string, change: (run: Running) => Running): Step {
  const job = app.loads[name];
  if (job?.run.status !== 'running') return step(app);
  return step(withJob(app, { ...job, run: change(job.run) }));
}

/** The answers of a running load: its progress, its clock, and its end. */
export function loadMessage(app: AppState, msg: Msg): Step | null {
  switch (msg.type) {
    case 'loadProgress':
      return running(app, msg.name, (run) => ({
        ...run,
        progress: msg.progress,
        elapsedMs: Math.max(run.elapsedMs, msg.progress.sinceStartMs),
      }));
    case 'loadClock':
      return running(app, msg.name, (run) => ({
        ...run,
        elapsedMs: Math.max(run.elapsedMs, msg.elapsedMs),
      }));
    case 'loaded':
      return ended(
        app,
        msg.name,
        { status: 'done', outcome: msg.outcome },
        loadOutcomeText(msg.name, msg.outcome),
        'success',
      );
    case 'loadCancelled':
      return ended(
        app,
        msg.name,
        { status: 'cancelled' },
        `The load of "${msg.name}" was cancelled; ${LOAD_CANCELLED_TEXT}`,
        'warning',
      );
    case 'failed': {
      if (msg.effect !== 'load' || msg.dataset === undefined) return null;
      const { text, connection } = describeForUi(msg.error);
      return ended(
        app,
        msg.dataset,
        { status: 'failed', text, connection },
        `The load of "${msg.dataset}" failed: ${loadFailureText(text)}`,
        'error',
      );
    }
    default:
      return null;
  }
}
