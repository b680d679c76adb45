import {
  FINDING_GROUP,
  type AuditReport,
  type Finding,
  type LostMetadata,
  type RepairAction,
} from '#core/operations/audit.js';
import { datesUncheckedNotice, findingAdvice, repairLine } from '#core/operations/notices.js';
import { plural } from '#core/text/plural.js';
import { describeForUi, inUiWords } from '../errors.js';
import type { Bindings } from './bindings.js';
import { toBrowse } from './browse.js';
import {
  HELP_BINDING,
  LIST_BINDINGS,
  LOG_HELP_BINDING,
  QUIT_BINDING,
  type AppAction,
} from './commonBindings.js';
import { bodyHeight } from './layout.js';
import { loadingReason } from './loads.js';
import { isListMove, moveSelection, type ListMove } from './listCursor.js';
import type { AppState, Msg, Step, Tone } from './types.js';
import { step } from './types.js';

export const GROUP_TITLES = {
  missing: 'Missing entries',
  stale: 'Stale entries',
  leftover: 'Leftovers of interrupted operations',
  disagreeing: 'Metadata that disagrees with the data',
  data: "Data checks (the data's own: not repairable)",
  busy: 'Busy (an operation is running)',
} as const;
export type FindingGroup = keyof typeof GROUP_TITLES;

export interface AuditState {
  sequence: number;
  /** Reading every dataset's documents too (D). */
  deep: boolean;
  status: 'running' | 'ready' | 'failed';
  progress: { checked: number; total: number } | null;
  report: AuditReport | null;
  error: string | null;
  /** The selected row among the selectable ones (findings, then repair results). */
  selected: number;
  /** The selected row is shown whole, with its advice, below the list. */
  expanded: boolean;
  confirm: { scope: 'one'; finding: Finding } | { scope: 'all'; findings: Finding[] } | null;
  repairing: { done: number; total: number } | null;
  repairs: RepairAction[];
}

export function initialAudit(sequence: number, deep = false): AuditState {
  return {
    sequence,
    deep,
    status: 'running',
    progress: null,
    report: null,
    error: null,
    selected: 0,
    expanded: false,
    confirm: null,
    repairing: null,
    repairs: [],
  };
}

/**
 * One row of the audit's list: a heading, a finding, a dataset whose dates the quick audit
 * could not check, or what the last repair did.
 */
export type AuditRow =
  | { kind: 'heading'; text: string; group: FindingGroup | 'unchecked' | 'repair' }
  | { kind: 'finding'; text: string; group: FindingGroup; finding: Finding; detail: string[] }
  | { kind: 'unchecked'; text: string; dataset: string; detail: string[] }
  | { kind: 'repair'; text: string; tone: Tone; detail: string[] };

const ORDER = Object.keys(GROUP_TITLES) as FindingGroup[];

/** What the repair of a finding will do, or why it cannot: one line. */
function plannedRepairLine(finding: Finding): string {
  if (finding.fixable) return `will ${finding.repair ?? 'repair it'}`;
  const why = findingAdvice(finding) ?? (finding.kind === 'busy' ? 'it is busy' : 'no safe repair');
  return `left alone ("${finding.dataset}"): ${why}`;
}

/**
 * The findings grouped under headings, the datasets whose dates were not checked, then the
 * last repair's results. While F asks, each finding's row says what its repair will do.
 */
export function auditRows(audit: AuditState): AuditRow[] {
  const rows: AuditRow[] = [];
  const findings = audit.report?.findings ?? [];
  const planning = audit.confirm?.scope === 'all';
  for (const group of ORDER) {
    const members = findings.filter((finding) => FINDING_GROUP[finding.kind] === group);
    if (members.length === 0) continue;
    rows.push({ kind: 'heading', text: `${GROUP_TITLES[group]} (${members.length})`, group });
    for (const finding of members) {
      const advice = findingAdvice(finding);
      rows.push({
        kind: 'finding',
        group,
        finding,
        text: planning
          ? plannedRepairLine(finding)
          : `${finding.message}${finding.fixable ? '' : '  [cannot repair]'}`,
        detail: planning
          ? [finding.message, plannedRepairLine(finding)]
          : [
              finding.message,
              finding.fixable
                ? `f repairs it (after asking): it will ${finding.repair ?? 'repair it'}.`
                : `It cannot be repaired here${advice ? `: ${advice}` : '.'}`,
            ],
      });
    }
  }
  rows.push(...uncheckedRows(audit.report?.datesUnchecked ?? []));
  if (audit.repairs.length > 0) {
    rows.push({ kind: 'heading', text: `Last repair (${audit.repairs.length})`, group: 'repair' });
    for (const action of audit.repairs)
      rows.push({
        kind: 'repair',
        tone: action.done ? 'success' : 'error',
        text: repairLine(action),
        detail: [action.finding.message, repairLine(action)],
      });
  }
  return rows;
}

/** The datasets whose dates the quick audit could not check: a warning, with D as the way. */
function uncheckedRows(names: readonly string[]): AuditRow[] {
  const notice = datesUncheckedNotice(names);
  if (!notice) return [];
  const why =
    'This server looks times up without an index (FerretDB v1), and no statistics sketch records the dates written with the data (another tool loaded or appended to it).';
  return [
    {
      kind: 'heading',
      text: `Dates not checked on this server (${names.length}): D checks them`,
      group: 'unchecked',
    },
    ...names.map((dataset) => ({
      kind: 'unchecked' as const,
      dataset,
      text: `dates of "${dataset}" not checked against its data`,
      detail: [inUiWords(notice), why],
    })),
  ];
}

/**
 * The audit's answer in one line: a clean audit that left dates unchecked says so (it is not
 * wholly clean), as does one with findings.
 */
export function auditSummary(audit: AuditState): { text: string; tone: Tone } {
  const report = audit.report;
  if (!report) return { text: '', tone: 'plain' };
  const unchecked = report.datesUnchecked.length;
  const dates = `dates of ${plural(unchecked, 'dataset')} not checked`;
  if (report.clean)
    return unchecked
      ? { text: `No inconsistencies found; ${dates} (D checks them)`, tone: 'warning' }
      : { text: 'No inconsistencies found!', tone: 'success' };
  const found = plural(
    report.findings.filter((finding) => finding.kind !== 'busy').length,
    'inconsistency',
    'inconsistencies',
  );
  return {
    text: unchecked
      ? `Database audit complete: ${found}; ${dates} (D)`
      : `Database audit complete: ${found} found.`,
    tone: 'plain',
  };
}

/** What the metadata pane says of a dataset without metadata: what the audit will say. */
export function noMetadataAdvice(lost: LostMetadata | undefined): string {
  if (!lost) return 'No metadata entry: the audit (a) says whether it can be rebuilt.';
  return lost.fixable
    ? `No metadata entry. The audit (a) can ${lost.repair}.`
    : `No metadata entry, and the audit cannot rebuild it: ${lost.advice}.`;
}

export const selectableRows = (audit: AuditState) =>
  auditRows(audit).filter((row) => row.kind !== 'heading');

export type AuditAction =
  ListMove | 'expand' | 'repairOne' | 'repairAll' | 'again' | 'deep' | 'back';

const auditOf = (app: AppState): AuditState | null =>
  app.screen.kind === 'audit' ? app.screen.audit : null;

const idle = (app: AppState) => {
  const audit = auditOf(app);
  if (!audit) return 'no audit';
  if (audit.repairing) return 'a repair is running';
  if (audit.status === 'running') return 'the audit is running';
  return null;
};

const selectedFinding = (audit: AuditState) => {
  const row = selectableRows(audit)[audit.selected];
  return row?.kind === 'finding' ? row.finding : null;
};

/** Why f has nothing to repair on the selected row. */
const nothingSelected = (audit: AuditState) =>
  selectableRows(audit)[audit.selected]?.kind === 'unchecked'
    ? 'its dates were not checked, which is no finding: D checks them'
    : 'no finding is selected';

export const AUDIT_BINDINGS: Bindings<AuditAction | AppAction, AppState> = [
  ...LIST_BINDINGS,
  {
    action: 'expand',
    keys: ['enter'],
    label: 'Enter',
    description: 'show the selected row whole: what its repair does, or why it cannot',
    hint: 'details',
  },
  {
    action: 'repairOne',
    keys: ['f'],
    label: 'f',
    description: 'repair the selected finding; the question says what it does',
    hint: 'repair',
    dangerous: true,
    disabled: (app) => {
      const audit = auditOf(app);
      const finding = audit && selectedFinding(audit);
      if (!audit || !finding) return idle(app) ?? (audit ? nothingSelected(audit) : 'no audit');
      const advice = findingAdvice(finding);
      return (
        idle(app) ??
        (finding.fixable
          ? loadingReason(app, finding.dataset)
          : `cannot repair this${advice ? `: ${advice}` : ' here'}`)
      );
    },
  },
  {
    action: 'repairAll',
    keys: ['F'],
    label: 'F',
    description: 'repair every finding that can be; each row then says what its repair does',
    hint: 'repair all',
    dangerous: true,
    disabled: (app) =>
      idle(app) ??
      (auditOf(app)?.report?.findings.some((finding) => finding.fixable)
        ? null
        : 'nothing can be repaired'),
  },
  {
    action: 'again',
    keys: ['R'],
    label: 'R',
    description: 'audit again',
    hint: 'again',
    disabled: idle,
  },
  {
    action: 'deep',
    keys: ['D'],
    label: 'D',
    description:
      "audit again, reading every dataset's documents (slow on large ones); checks unchecked dates",
    hint: 'deep',
    disabled: idle,
  },
  { action: 'back', keys: ['escape'], label: 'Esc', description: 'back to the list', hint: 'back' },
  LOG_HELP_BINDING,
  HELP_BINDING,
  {
    ...QUIT_BINDING,
    disabled: (app) =>
      auditOf(app)?.repairing ? 'a repair is running; Ctrl-C quits once it is done' : null,
  },
];

export type ConfirmAction = 'yes' | 'no';

export const CONFIRM_BINDINGS: Bindings<ConfirmAction, AppState> = [
  { action: 'yes', keys: ['y', 'Y'], label: 'y', description: 'yes, repair', hint: 'yes' },
  {
    action: 'no',
    keys: ['n', 'N', 'escape', 'enter'],
    label: 'n/Esc',
    description: 'no',
    hint: 'no',
    pinned: true,
  },
];

/** F's question: the list (scrolled as usual) says what each repair will do. */
const CONFIRM_ALL_BINDINGS: Bindings<ConfirmAction | ListMove, AppState> = [
  ...LIST_BINDINGS,
  ...CONFIRM_BINDINGS,
];

/** The keys of a repair's question. */
export const confirmBindings = (audit: AuditState) =>
  audit.confirm?.scope === 'all' ? CONFIRM_ALL_BINDINGS : CONFIRM_BINDINGS;

function update(app: AppState, audit: AuditState, ...effects: Parameters<typeof step>[1][]): Step {
  return step({ ...app, screen: { kind: 'audit', audit } }, ...effects);
}

export function startAudit(app: AppState): Step {
  const sequence = app.sequence + 1;
  return update({ ...app, sequence }, initialAudit(sequence), {
    type: 'audit',
    sequence,
    deep: false,
  });
}

export function auditAction(
  app: AppState,
  audit: AuditState,
  action: AuditAction | ConfirmAction,
): Step {
  if (isListMove(action)) {
    const page = Math.max(1, bodyHeight(app.size) - 4);
    const count = selectableRows(audit).length;
    return update(app, { ...audit, selected: moveSelection(audit.selected, count, action, page) });
  }
  switch (action) {
    case 'yes':
    case 'no':
      return confirmAnswer(app, audit, action === 'yes');
    case 'expand':
      return update(app, { ...audit, expanded: !audit.expanded });
    case 'repairOne': {
      const finding = selectedFinding(audit);
      return finding ? update(app, { ...audit, confirm: { scope: 'one', finding } }) : step(app);
    }
    case 'repairAll':
      return update(app, {
        ...audit,
        confirm: {
          scope: 'all',
          // Not those of a dataset a load of this session holds (the journal would refuse).
          findings: (audit.report?.findings ?? []).filter(
            (finding) => finding.fixable && !loadingReason(app, finding.dataset),
          ),
        },
      });
    case 'again':
    case 'deep': {
      const sequence = app.sequence + 1;
      const deep = action === 'deep';
      return update(
        { ...app, sequence },
        { ...initialAudit(sequence, deep), repairs: audit.repairs },
        { type: 'audit', sequence, deep },
      );
    }
    case 'back':
      return toBrowse(app, { changed: audit.repairs.length > 0 });
  }
}

function confirmAnswer(app: AppState, audit: AuditState, yes: boolean): Step {
  const confirm = audit.confirm;
  if (!yes || !confirm) return update(app, { ...audit, confirm: null });
  const findings = confirm.scope === 'one' ? [confirm.finding] : confirm.findings;
  return update(
    app,
    { ...audit, confirm: null, repairing: { done: 0, total: findings.length } },
    { type: 'repair', findings },
  );
}

/** The repair's question, saying what it will do (the list says it for each, for F). */
export function confirmQuestion(audit: AuditState): string {
  if (!audit.confirm) return '';
  if (audit.confirm.scope === 'all')
    return `Make ${plural(audit.confirm.findings.length, 'repair')} as listed above ("will ...")?`;
  const { repair, message } = audit.confirm.finding;
  return repair ? `${repair[0]?.toUpperCase()}${repair.slice(1)}?` : `Repair: ${message}?`;
}

export function auditMessage(app: AppState, audit: AuditState, msg: Msg): Step | null {
  switch (msg.type) {
    case 'auditProgress':
      return msg.sequence === audit.sequence
        ? update(app, { ...audit, progress: { checked: msg.checked, total: msg.total } })
        : null;
    case 'audited':
      if (msg.sequence !== audit.sequence) return null;
      return update(app, { ...audit, status: 'ready', report: msg.report, selected: 0 });
    case 'repairProgress':
      return audit.repairing
        ? update(app, { ...audit, repairing: { done: msg.done, total: msg.total } })
        : null;
    case 'repaired': {
      // Audit again: repairs change what is found. The results stay below the findings.
      const sequence = app.sequence + 1;
      return update(
        { ...app, sequence },
        { ...initialAudit(sequence, audit.deep), repairs: msg.actions },
        { type: 'audit', sequence, deep: audit.deep },
        { type: 'listDatasets' },
      );
    }
    case 'failed':
      if (msg.effect === 'audit' && msg.sequence === audit.sequence)
        return update(app, { ...audit, status: 'failed', error: describeForUi(msg.error).text });
      if (msg.effect === 'repair')
        return update(app, { ...audit, repairing: null, error: describeForUi(msg.error).text });
      return null;
    default:
      return null;
  }
}
