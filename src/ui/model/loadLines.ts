import type { LoadPhase } from '#core/operations/load/execute.js';
import { progressFigures } from '#core/operations/load/progressFigures.js';
import type { DatasetRow } from '#core/operations/overview.js';
import { finishedByEarlierRun, loadPhaseWords } from '#core/operations/notices.js';
import { duration } from '#core/text/duration.js';
import { plural } from '#core/text/plural.js';
import { formatNumber, truncate, wrap } from '../format.js';
import type { LoadOutcome } from '../services.js';
import type { LoadRun } from './loads.js';
import type { AppState, Tone } from './types.js';

/** One line of a load's screen (or of its pane in the list). */
export interface LoadLine {
  text: string;
  tone: Tone;
}

export const LOAD_CANCELLED_TEXT = 'it undid what it had written.';

/** A notice as a sentence of its own (the CLI's start in lower case, after "warning: "). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What a finished load did, in one paragraph: its figures, then what the operator is told. */
export function loadOutcomeText(name: string, { result, notices }: LoadOutcome): string {
  if (finishedByEarlierRun(result)) return notices.map(sentence).join(' ');
  const extra = [
    result.skipped.length ? `${plural(result.skipped.length, 'existing time')} skipped` : '',
    result.replaced.length ? `${plural(result.replaced.length, 'time')} replaced` : '',
  ].filter(Boolean);
  return [
    `Loaded "${name}": ${plural(result.written.documents, 'document')} (${plural(result.written.values, 'value')}) in ${duration(result.elapsedMs / 1000)}${extra.length ? ` (${extra.join(', ')})` : ''}.`,
    ...notices.map(sentence),
  ].join(' ');
}

/** A load's error without the "the load failed" the screen says already. */
export function loadFailureText(text: string): string {
  return text.replace(/^the load failed: /i, '');
}

/** How far a phase has come, 0 to 1, when it can be counted. */
function phaseFraction(phase: LoadPhase): number | null {
  switch (phase.phase) {
    case 'writing':
      return progressFigures(phase).fraction;
    case 'backing-up':
      return phase.total ? phase.copied / phase.total : null;
    case 'undoing':
      return phase.total ? phase.done / phase.total : null;
    default:
      return null;
  }
}

function bar(fraction: number, width: number): string {
  const barWidth = Math.max(10, Math.min(50, width - 10));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${Math.floor(fraction * 100)}%`;
}

/** The time since the load started: its clock's, or its newest event's if that is later. */
const elapsed = (run: Extract<LoadRun, { status: 'running' }>) =>
  `elapsed ${duration(Math.max(run.elapsedMs, run.progress?.sinceStartMs ?? 0) / 1000)}`;

function runningLines(run: Extract<LoadRun, { status: 'running' }>, width: number): LoadLine[] {
  const progress = run.progress;
  const lines: LoadLine[] = [];
  if (run.cancelling)
    lines.push({ text: 'Cancelling: the load stops and undoes what it wrote.', tone: 'warning' });
  else if (progress?.phase === 'undoing')
    lines.push({ text: 'The load failed; it undoes what it wrote.', tone: 'warning' });
  if (!progress) {
    if (!run.cancelling)
      lines.push({ text: 'Starting: reading the file and planning the load...', tone: 'plain' });
  } else if (progress.phase === 'writing' && run.cancelling) {
    lines.push({ text: 'Stopping the writing...', tone: 'plain' });
  } else if (progress.phase === 'writing') {
    const figures = progressFigures(progress);
    lines.push(
      { text: bar(figures.fraction, width), tone: 'plain' },
      {
        text: `${progress.documents} of ${plural(progress.totalDocuments, 'document')}   ${formatNumber(Math.round(figures.documentsPerSecond))} documents/s   ${formatNumber(Math.round(figures.valuesPerSecond))} values/s`,
        tone: 'plain',
      },
      { text: `${elapsed(run)}   ETA ${duration(figures.etaSeconds)}`, tone: 'muted' },
    );
    return lines;
  } else {
    lines.push({ text: loadPhaseWords(progress), tone: 'plain' });
    const fraction = phaseFraction(progress);
    if (fraction !== null) lines.push({ text: bar(fraction, width), tone: 'plain' });
  }
  lines.push({ text: elapsed(run), tone: 'muted' });
  return lines;
}

const AFTER_AN_END: LoadLine = {
  text: 'Esc goes back to the review, every answer kept; Enter returns to the list.',
  tone: 'muted',
};

/** A failed load, said once: what went wrong, then what is left and what to do. */
function failedLines(run: Extract<LoadRun, { status: 'failed' }>): LoadLine[] {
  const text = loadFailureText(run.text);
  // The error's own advice (a partial load that could not be undone) is the advice.
  const advised = /the audit \(a\)/.test(text);
  const advice = advised
    ? null
    : run.connection
      ? 'The server went away during the load. Once it is back, the audit (a) shows what is left and repairs it; then run the load again.'
      : 'Nothing was kept: the load undid what it had written.';
  return [
    { text: `The load failed: ${text}`, tone: 'error' },
    ...(advice ? [{ text: advice, tone: 'plain' as const }] : []),
    AFTER_AN_END,
  ];
}

function doneLines({ result, notices }: LoadOutcome): LoadLine[] {
  return [
    {
      text: `Upload complete! ${plural(result.written.documents, 'document')} (${plural(result.written.values, 'value')}) in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
      tone: 'success',
    },
    ...notices.map((text) => ({ text: sentence(text), tone: 'warning' as const })),
  ];
}

/** What a load's screen shows, wrapped to `width`. */
export function loadLines(run: LoadRun, width: number): LoadLine[] {
  const lines =
    run.status === 'running'
      ? runningLines(run, width)
      : run.status === 'done'
        ? doneLines(run.outcome)
        : run.status === 'failed'
          ? failedLines(run)
          : [
              { text: `The load was cancelled; ${LOAD_CANCELLED_TEXT}`, tone: 'plain' as const },
              AFTER_AN_END,
            ];
  return lines.flatMap((line) => wrap(line.text, width).map((text) => ({ ...line, text })));
}

/** A load in a few words for its row in the list: `width` columns at most. */
export function loadBadge(run: LoadRun, width: number): { text: string; tone: Tone } {
  const percent = (fraction: number | null) =>
    fraction === null ? '' : `${Math.floor(fraction * 100)}%`;
  let long: string;
  let short = '';
  let tone: Tone = 'warning';
  if (run.status === 'done') [long, tone] = ['loaded', 'success'];
  else if (run.status === 'failed') [long, tone] = ['load failed', 'error'];
  else if (run.status === 'cancelled') [long, tone] = ['cancelled', 'muted'];
  else if (run.cancelling) long = 'cancelling';
  else if (!run.progress) long = 'starting';
  else {
    const progress = run.progress;
    short = percent(phaseFraction(progress));
    const words: Record<LoadPhase['phase'], string> = {
      recovering: 'recovering',
      'backing-up': 'backup',
      'removing-replaced': 'removing',
      writing: 'loading',
      statistics: 'statistics',
      committing: 'committing',
      undoing: 'undoing',
    };
    long = `${words[progress.phase]}${short ? ` ${short}` : ''}`;
  }
  const text = long.length <= width || !short ? long : short;
  return { text: truncate(text, width), tone };
}

/** The list's rows for loads of datasets it does not have yet (a new dataset, last). */
export function loadRows(app: AppState, rows: readonly DatasetRow[]): DatasetRow[] {
  const listed = new Set(rows.map((row) => row.name));
  const pending = Object.keys(app.loads)
    .filter((name) => !listed.has(name))
    .map((name) => ({ name, gridded: null, firstDate: null, lastDate: null, metadata: null }));
  return pending.length ? [...rows, ...pending] : (rows as DatasetRow[]);
}
