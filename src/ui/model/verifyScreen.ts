import type { DatasetMetadata } from '#core/metadata.js';
import type {
  Difference,
  VerifyProgress,
  VerifyReport,
  VerifyRequest,
} from '#core/operations/verify.js';
import { modelOf } from '#core/operations/verify.js';
import { duration } from '#core/text/duration.js';
import { plural } from '#core/text/plural.js';
import { describeForUi } from '../errors.js';
import type { Bindings } from './bindings.js';
import { toBrowse } from './browse.js';
import {
  HELP_BINDING,
  LIST_BINDINGS,
  LOG_BINDING,
  QUIT_BINDING,
  type AppAction,
} from './commonBindings.js';
import { bodyHeight } from './layout.js';
import { isListMove, moveSelection, type ListMove } from './listCursor.js';
import type { AppState, Msg, Step, Tone } from './types.js';
import { step } from './types.js';
import { textField } from './textField.js';
import { loadRequest } from './wizard/request.js';
import { initialWizard, type WizardState } from './wizard/state.js';

/** `v`: a file compared with a dataset, and the result as a list of its differences. */
export interface VerifyState {
  name: string;
  file: string;
  /** The comparison's request number: an answer after Esc finds nothing waiting. */
  sequence: number;
  status: 'running' | 'done' | 'failed';
  progress: VerifyProgress | null;
  report: VerifyReport | null;
  /** Why it could not compare, whole. */
  error: string | null;
  /** The selected difference (index in the report's list). */
  selected: number;
}

export type VerifyAction = ListMove | 'back';

export const VERIFY_BINDINGS: Bindings<VerifyAction | AppAction, AppState> = [
  ...LIST_BINDINGS,
  {
    action: 'back',
    keys: ['escape'],
    label: 'Esc',
    description: 'back to the list (a comparison still running is cancelled)',
    hint: 'back',
  },
  LOG_BINDING,
  HELP_BINDING,
  QUIT_BINDING,
];

function metadataOf(app: AppState, name: string): DatasetMetadata | null {
  const entry = app.metadata[name];
  if (entry?.status === 'loaded' && entry.value) return entry.value;
  return app.datasets?.find((row) => row.name === name)?.metadata ?? null;
}

/**
 * `v` on a dataset: the load wizard's questions about a file (path, variable, model, config,
 * settings), its model offered as the one that loads the dataset's kind.
 */
export function openVerify(app: AppState, name: string): Step {
  const metadata = metadataOf(app, name);
  let model = '';
  try {
    model = metadata ? modelOf(metadata) : '';
  } catch {
    model = ''; // metadata of no known kind: the likeliest model for the file is offered
  }
  // The last load's folder, where the file it loaded likely is (Tab lists it).
  const wizard = initialWizard(null, { name, model });
  return step({
    ...app,
    screen: { kind: 'load', wizard: { ...wizard, path: textField(app.lastLoad?.folder ?? '') } },
  });
}

/** Enter on a verify's settings: what a load would be asked, compared with the dataset. */
export function startVerify(app: AppState, wizard: WizardState): Step {
  const sequence = app.sequence + 1;
  const { existing: _existing, ...load } = loadRequest(wizard);
  const request: VerifyRequest = load;
  return step(
    {
      ...app,
      sequence,
      screen: {
        kind: 'verify',
        verify: {
          name: request.name,
          file: wizard.path.value.trim(),
          sequence,
          status: 'running',
          progress: null,
          report: null,
          error: null,
          selected: 0,
        },
      },
    },
    { type: 'verify', request, sequence },
  );
}

const update = (app: AppState, verify: VerifyState): Step =>
  step({ ...app, screen: { kind: 'verify', verify } });

export function verifyAction(app: AppState, verify: VerifyState, action: VerifyAction): Step {
  if (!isListMove(action)) {
    const back = toBrowse(app);
    if (verify.status !== 'running') return back;
    return { ...back, effects: [...back.effects, { type: 'cancelVerify' }] };
  }
  const count = verify.report?.differences.length ?? 0;
  const page = Math.max(1, bodyHeight(app.size) - 6);
  return update(app, { ...verify, selected: moveSelection(verify.selected, count, action, page) });
}

export function verifyMessage(app: AppState, verify: VerifyState, msg: Msg): Step | null {
  if (!('sequence' in msg) || msg.sequence !== verify.sequence) return null;
  switch (msg.type) {
    case 'verifyProgress':
      return update(app, { ...verify, progress: msg.progress });
    case 'verified':
      return update(app, { ...verify, status: 'done', report: msg.report, selected: 0 });
    case 'failed':
      if (msg.effect !== 'verify') return null;
      return update(app, { ...verify, status: 'failed', error: describeForUi(msg.error).text });
    default:
      return null;
  }
}

/** The verdict: in words as well as colour (NO_COLOR), as the log keeps it. */
export function verifyVerdict(report: VerifyReport): { text: string; tone: Tone } {
  if (report.equal)
    return {
      text: `EQUAL: what ${report.file} would store is what "${report.dataset}" holds (${duration(report.elapsedMs / 1000)})`,
      tone: 'success',
    };
  const others = report.differences.length && report.valuesDiffering === 0;
  return {
    text: `DIFFERS: ${report.file} against "${report.dataset}": ${plural(report.valuesDiffering, 'value')} ${report.valuesDiffering === 1 ? 'differs' : 'differ'}${others ? ' (and the grid or metadata)' : ''}`,
    tone: 'error',
  };
}

/** The status line: how far it is, the verdict, or why it could not compare (whole). */
export function verifyStatus(verify: VerifyState): { text: string; tone: Tone } {
  if (verify.status === 'failed')
    return { text: `COULD NOT COMPARE: ${verify.error ?? ''}`, tone: 'error' };
  if (verify.status === 'done' && verify.report) return verifyVerdict(verify.report);
  const progress = verify.progress;
  if (!progress)
    return { text: `Comparing ${verify.file} with "${verify.name}"...`, tone: 'plain' };
  return {
    text: `Comparing: read ${progress.documents} of ${progress.totalDocuments} documents of the ${progress.phase === 'file' ? 'file' : 'dataset'}`,
    tone: 'plain',
  };
}

/** The counts above the list of differences. */
export function verifyCounts(report: VerifyReport): string[] {
  const { times } = report;
  return [
    `Times: ${times.inFile} in the file, ${times.compared} compared, ${times.onlyInDataset} only in the dataset (not compared)`,
    `Values: ${report.valuesCompared} compared, ${report.valuesDiffering} differ`,
    report.differences.length === 0
      ? 'No differences.'
      : `Differences${report.truncated ? ` (the first ${report.differences.length})` : ''}:`,
  ];
}

/** The selected difference whole, field by field. */
export function differenceDetail(difference: Difference): string[] {
  const json = (value: unknown) => JSON.stringify(value ?? null);
  return [
    `time ${difference.time ?? '-'}${difference.parameter ? `  parameter ${difference.parameter}` : ''}`,
    `cell index ${difference.cell ?? '-'}  x ${difference.x ?? '-'}  y ${difference.y ?? '-'}`,
    `stored value ${json(difference.stored)}  file value ${json(difference.file)}`,
  ];
}
