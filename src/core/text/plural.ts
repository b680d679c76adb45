/**
 * A count with its noun: `plural(1, 'document')` is "1 document", `plural(2, 'document')`
 * "2 documents"; `plural(2, 'dataset has', 'datasets have')` for irregular words.
 */
export function plural(count: number, singular: string, pluralForm?: string): string {
  return `${count} ${count === 1 ? singular : (pluralForm ?? `${singular}s`)}`;
}
