import { plural } from '#core/text/plural.js';
import type { ParameterStats } from '#core/stats/result.js';
import { inUiWords } from '../errors.js';
import { describeValue, formatNumber, wrap } from '../format.js';
import type { Tone } from './types.js';
import type { WizardState } from './wizard/state.js';
import { waitingLine } from './wizard/waiting.js';

export interface ReviewLine {
  text: string;
  tone: Tone;
}

const fileName = (path: string) => path.split(/[\\/]/).pop() || path;

/** A config file or data file named by its name alone: the review is read in a narrow pane. */
const shortPaths = (text: string) =>
  text.replace(/(config file|file name|data file) \S*[\\/]/g, '$1 ');

/** Where a setting came from, in the UI's words (the CLI's "-o" is the settings step here). */
function sourceWords(source: string): string {
  return source === '-o' ? 'your settings' : shortPaths(source);
}

const EXISTING_WORDS = {
  error: 'refused (s skips them, o overwrites them)',
  skip: 'skipped (o overwrites them instead, e refuses the load)',
  replace: 'overwritten (s skips them instead, e refuses the load)',
};

/**
 * The review step's lines, what matters first: what will be written (a new dataset or an
 * append, its documents, dates and grid), then any warning, then the settings with where each
 * came from, and the statistics; wrapped to `width` where they must be read whole. The list
 * scrolls. A load that would be refused says so instead, and what can be done.
 */
export function reviewLines(wizard: WizardState, width: number): ReviewLine[] {
  const state = wizard.review;
  const name = wizard.name.value;
  if (!state) return [];
  if (state.status === 'checking')
    return wrap(waitingLine(wizard) ?? '', Math.max(20, width - 2)).map((text) => ({
      text,
      tone: wizard.slow ? 'warning' : 'plain',
    }));
  if (state.status === 'failed') {
    // Wrapped, not cut: the useful part of a refusal is often at its end (an example format).
    const lines: ReviewLine[] = wrap(
      `The load would fail: ${state.text}`,
      Math.max(20, width - 2),
    ).map((text) => ({ text, tone: 'error' }));
    if (state.existingTimes)
      lines.push({
        text: 'Press s to skip the times the dataset has, or o to overwrite them.',
        tone: 'plain',
      });
    lines.push({ text: 'Esc goes back to change the settings.', tone: 'muted' });
    return lines;
  }
  const review = state.review;
  const lines: ReviewLine[] = [];
  const add = (text: string, tone: Tone = 'plain') => lines.push({ text, tone });
  // What the operator must read whole is wrapped rather than cut.
  const addWrapped = (text: string, tone: Tone, indent = '') =>
    wrap(text, Math.max(20, width - 2 - indent.length)).forEach((line) =>
      add(`${indent}${line}`, tone),
    );
  const counts = `${plural(review.documents, 'document')} (${plural(review.values, 'value')})`;
  const target = `${review.mode === 'new' ? 'New dataset' : 'Append to'} "${name}"`;
  const [first = '', ...others] = review.files;
  if (others.length === 0) add(`${target}: ${counts}`);
  else {
    add(`${target}: ${plural(review.files.length, 'file')}, loaded in this order:`);
    addWrapped(review.files.map(fileName).join(', '), 'plain', '  ');
    addWrapped(
      `the first, ${fileName(first)}: ${counts}; each of the others is checked as it loads, and one that fails stops the load (those before it stay loaded)`,
      'plain',
      '  ',
    );
  }
  const { metadata } = review;
  // A pattern's review is the dry run of its first file.
  add(`  dates ${describeValue(metadata.dates)}${others.length ? ' (the first file)' : ''}`);
  if (review.cells !== null)
    add(
      `  grid ${plural(review.cells, 'cell')}${metadata.grid !== undefined ? ` ${describeValue(metadata.grid)}` : ''}${review.leftOut ? `; ${plural(review.leftOut, 'cell')} missing at every time left out` : ''}`,
    );
  if (metadata.bbox !== undefined) add(`  bbox ${describeValue(metadata.bbox)}`);
  // The choice is shown only when there is one to make: times the dataset already has.
  if (review.existingTimes > 0)
    addWrapped(
      `${plural(review.existingTimes, 'time')} the dataset already has: ${EXISTING_WORDS[wizard.existing]}`,
      'warning',
      '  ',
    );
  if (review.pendingRecovery) addWrapped(review.pendingRecovery, 'warning');
  for (const warning of review.warnings)
    addWrapped(`warning: ${shortPaths(inUiWords(warning))}`, 'warning');
  add('Settings:', 'muted');
  add(`  ${'model'.padEnd(10)} ${review.model} via ${review.mediator}`);
  add(`  ${'variable'.padEnd(10)} ${review.variable} (${review.shape.join('x')})`);
  add(`  ${'config'.padEnd(10)} ${configWords(wizard, review.configFile)}`);
  for (const setting of review.settings)
    add(
      `  ${setting.key.padEnd(10)} ${describeValue(setting.value)}  (${sourceWords(setting.source)})`,
    );
  // An append's dry run says why it has no statistics (they need the stored data).
  const described = metadata.stats;
  if (typeof described === 'string') add(`  statistics: ${described}`);
  const stats: Record<string, ParameterStats | string> =
    typeof described === 'object' && described !== null ? described : {};
  if (Object.keys(stats).length > 0) add('Statistics that will be written:', 'muted');
  for (const [parameter, values] of Object.entries(stats)) {
    if (typeof values !== 'object' || values === null) {
      add(`  ${parameter}: ${String(values)}`);
      continue;
    }
    add(
      `  ${parameter}: mean ${formatNumber(values.mean)}  min ${formatNumber(values.min)}  max ${formatNumber(values.max)}`,
    );
  }
  return lines;
}

/** The config file: a pattern's files left empty each take their own .json. */
function configWords(wizard: WizardState, configFile: string | null): string {
  const shown = configFile === null ? 'none' : fileName(configFile);
  if (wizard.files === null || wizard.config.value.trim() !== '') return shown;
  return `each file's own .json (the first: ${shown})`;
}

/**
 * The data checks' warnings of a review, shown highlighted above the Enter line (each one
 * line, marked "!" so that they show without colour; the selected one is shown whole): a
 * heading that says a second Enter is needed, then a line per warning. Empty without any.
 */
export function reviewWarningLines(wizard: WizardState): ReviewLine[] {
  const state = wizard.review;
  if (state?.status !== 'ready' || state.review.checks.length === 0) return [];
  const { checks } = state.review;
  const heading = state.confirmed
    ? `! ${plural(checks.length, 'data warning')}: Enter again loads anyway (Esc goes back)`
    : `! ${plural(checks.length, 'data warning')}: read ${checks.length === 1 ? 'it' : 'them'} (j/k); loading asks for Enter twice`;
  return [
    { text: heading, tone: 'warning' },
    ...checks.map((warning) => ({
      text: `! ${warning.check}: ${warning.message}`,
      tone: 'warning' as const,
    })),
  ];
}
