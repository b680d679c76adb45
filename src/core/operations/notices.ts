/**
 * What the operator is told, in one place for both front ends: the CLI prints these lines
 * and the terminal UI shows them, so the two say the same thing.
 */
import type { ServerInfo } from '../store.js';
import { plural } from '../text/plural.js';
import type { AuditReport, Finding, RepairAction } from './audit.js';
import type { LoadPhase, LoadResult } from './load/execute.js';

/**
 * After a load on FerretDB v1 (no arrays inside arrays): a new dataset's coord_index was
 * stored with its pairs packed as binary doubles, which the Carbon Data Explorer cannot read. Null when nothing new
 * was written (a dry run, an append) or the server stores nested arrays.
 */
export function coordIndexWarning(
  server: ServerInfo,
  results: ReadonlyArray<Pick<LoadResult, 'mode' | 'dryRun'>>,
): string | null {
  if (server.nestedArrays) return null;
  if (!results.some((result) => result.mode === 'new' && !result.dryRun)) return null;
  const engine = server.engineVersion ? `FerretDB ${server.engineVersion}` : 'FerretDB';
  return `this server is ${engine}: coord_index was stored with its [x, y] pairs packed as binary doubles (it takes no arrays of arrays), which the Carbon Data Explorer cannot read (docs/ferretdb.md)`;
}

/**
 * A run of this very load was interrupted after writing everything, so this run wrote
 * nothing: the recovery notice is all there is to say about it.
 */
export function finishedByEarlierRun(result: LoadResult): boolean {
  return Boolean(result.recovered?.complete) && result.written.documents === 0 && !result.dryRun;
}

/**
 * What a load has to say about an interrupted earlier run on its dataset: that it had
 * already done this very load, what was recovered before this run began, or (a dry run)
 * what the real run will recover first. Null when there was none.
 */
export function recoveryNotice(result: LoadResult & { file?: string }): string | null {
  if (result.dryRun) return result.pendingRecovery;
  if (finishedByEarlierRun(result)) {
    const what = result.file ? `${result.file}: already loaded` : 'Already loaded';
    return `${what} into "${result.dataset}" by an earlier run of this load, which was interrupted after writing everything.`;
  }
  if (result.recovered)
    return `Recovered an interrupted operation on "${result.dataset}": ${result.recovered.detail}.`;
  return null;
}

/**
 * Why the audit's repair leaves this finding alone, and what to do instead; null when it can
 * repair it (or the dataset is only busy, which is no inconsistency).
 */
export function findingAdvice(finding: Finding): string | null {
  if (finding.fixable || finding.kind === 'busy') return null;
  return finding.advice ?? null;
}

/**
 * One line under a dataset list where some datasets are held by an operation, or null. It
 * says which: a held dataset the list shows is marked there with "!", but one it does not
 * show (a new dataset whose load has not finished, the new name of a rename) can only be
 * named here.
 */
export function interruptedSummary(
  held: readonly string[],
  listed: (name: string) => boolean,
): string | null {
  if (held.length === 0) return null;
  const quoted = (names: readonly string[]) => {
    if (names.length > 3) return plural(names.length, 'dataset', 'datasets');
    const each = names.map((name) => `"${name}"`);
    return each.length > 1 ? `${each.slice(0, -1).join(', ')} and ${each.at(-1)}` : each.join('');
  };
  const unlisted = held.filter((name) => !listed(name));
  const marked = held.length - unlisted.length;
  const which =
    unlisted.length === 0
      ? 'marked !'
      : marked === 0
        ? 'not in the list'
        : `${quoted(unlisted)} not in the list, ${marked} marked !`;
  const subject = held.length <= 2 ? quoted(held) : plural(held.length, 'dataset', 'datasets');
  return `${subject} (${which}): operation running or interrupted; see the audit`;
}

/**
 * Which datasets' dates the quick audit could not check against their data (a server without
 * an index on times, and no sketch that recorded the dates with the data), or null.
 */
export function datesUncheckedNotice(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', ...' : '');
  return `Dates not checked on this server for ${plural(names.length, 'dataset', 'datasets')} (${shown}): \`db -a --deep\` checks them.`;
}

/**
 * What a load is doing in a phase other than writing (whose figures are a bar), in words: the
 * CLI prints it with the time since the load started, the UI shows it above its clock.
 */
export function loadPhaseWords(phase: Exclude<LoadPhase, { phase: 'writing' }>): string {
  switch (phase.phase) {
    case 'recovering':
      return `Recovering an interrupted earlier run: ${phase.detail}`;
    case 'backing-up':
      return `Backing up the times it replaces: ${phase.copied}/${phase.total} documents`;
    case 'removing-replaced':
      return `Removing the ${phase.total} replaced times`;
    case 'statistics':
      return 'Computing statistics...';
    case 'committing':
      return 'Committing...';
    case 'undoing':
      return `Undoing: ${phase.detail}${phase.total ? ` ${phase.done}/${phase.total}` : ''}`;
  }
}

/** What a repair did to one finding, as `db -a --fix` prints it and the audit screen lists it. */
export function repairLine(action: Pick<RepairAction, 'done' | 'detail'>): string {
  return `${action.done ? 'FIXED' : 'NOT FIXED'}: ${action.detail}`;
}

/** The audit's verdict in one line (a busy dataset is no inconsistency). */
export function auditVerdict(report: Pick<AuditReport, 'clean' | 'findings'>): string {
  if (report.clean) return 'No inconsistencies found!';
  const count = report.findings.filter((finding) => finding.kind !== 'busy').length;
  return `Database audit complete: ${plural(count, 'inconsistency', 'inconsistencies')} found.`;
}
