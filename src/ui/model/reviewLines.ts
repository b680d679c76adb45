import { plural } from '#core/text/plural.js';
import type { ParameterStats } from '#core/stats/result.js';
import { describeValue, formatNumber, wrap } from '../format.js';
import type { Tone } from './types.js';
import type { WizardState } from './wizard/state.js';

export interface ReviewLine {
  text: string;
  tone: Tone;
}

/** Where a setting came from, in the UI's words (the CLI's "-o" is the settings step here). */
function sourceWords(source: string): string {
  return source === '-o'
    ? 'your settings'
    : source.replace(/(config file|file name) .*[\\/]/, '$1 ');
}

const EXISTING_WORDS = {
  error: 'refused (s skips them, o overwrites them)',
  skip: 'skipped (o overwrites them instead, e refuses the load)',
  replace: 'overwritten (s skips them instead, e refuses the load)',
};

/**
 * The review step's lines: what the dry run found, each setting with where it came from, the
 * metadata that would be written, and warnings (wrapped to `width`); the list scrolls.
 */
export function reviewLines(wizard: WizardState, width: number): ReviewLine[] {
  const state = wizard.review;
  const name = wizard.name.value;
  if (!state) return [];
  if (state.status === 'checking')
    return [{ text: 'Checking the load (a dry run)...', tone: 'plain' }];
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
  add(
    `${review.mode === 'new' ? 'New dataset' : 'Append to'} "${name}": ${plural(review.documents, 'document')} (${plural(review.values, 'value')})`,
  );
  add(
    `  ${review.model} via ${review.mediator}; variable ${review.variable} (${review.shape.join('x')})`,
  );
  add(`  config file: ${review.configFile ?? 'none'}`);
  // What the operator must read whole is wrapped rather than cut.
  const addWrapped = (text: string, tone: Tone) =>
    wrap(text, Math.max(20, width - 2)).forEach((line) => add(line, tone));
  if (review.pendingRecovery) addWrapped(review.pendingRecovery, 'warning');
  if (review.mode === 'append')
    add(`  Times the dataset already has: ${EXISTING_WORDS[wizard.existing]}`);
  add('Settings:', 'muted');
  for (const setting of review.settings)
    add(
      `  ${setting.key.padEnd(10)} ${describeValue(setting.value)}  (${sourceWords(setting.source)})`,
    );
  add('Metadata that will be written:', 'muted');
  add(`  dates ${describeValue(review.metadata.dates)}`);
  if (review.metadata.bbox !== undefined) add(`  bbox ${describeValue(review.metadata.bbox)}`);
  // An append's dry run says why it has no statistics (they need the stored data).
  const described = review.metadata.stats;
  if (typeof described === 'string') add(`  statistics: ${described}`);
  const stats: Record<string, ParameterStats | string> =
    typeof described === 'object' && described !== null ? described : {};
  for (const [parameter, values] of Object.entries(stats)) {
    if (typeof values !== 'object' || values === null) {
      add(`  ${parameter}: ${String(values)}`);
      continue;
    }
    add(
      `  ${parameter}: mean ${formatNumber(values.mean)}  min ${formatNumber(values.min)}  max ${formatNumber(values.max)}`,
    );
  }
  for (const warning of review.warnings) addWrapped(`warning: ${warning}`, 'warning');
  return lines;
}
