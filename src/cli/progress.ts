import type { LoadProgress } from '#core/operations/load/execute.js';
import { progressFigures } from '#core/operations/load/progressFigures.js';
import { loadPhaseWords } from '#core/operations/notices.js';
import { duration } from '#core/text/duration.js';
import type { Stream } from './output.js';

/** A rate as "950", "12.3k" or "4.5M". */
export function perSecondText(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}

/** A phase other than writing, in one line, with the time since the load started. */
export function phaseText(progress: Exclude<LoadProgress, { phase: 'writing' }>): string {
  return `${loadPhaseWords(progress)}  elapsed ${duration(progress.sinceStartMs / 1000)}`;
}

/**
 * Load progress on stderr: a bar redrawn in place on a terminal (at most 5 times a second,
 * so a slow SSH link is not flooded), plain lines every 10% (or 10 s) otherwise, nothing
 * with --quiet.
 */
export class ProgressReporter {
  private lastDraw = 0;
  private lastPercent = -1;
  private lastLine = 0;
  private drawn = false;

  constructor(
    private readonly stream: Stream,
    private readonly quiet: boolean,
  ) {}

  update(progress: LoadProgress): void {
    if (this.quiet) return;
    if (progress.phase !== 'writing') {
      this.finishLine();
      this.stream.write(`${phaseText(progress)}\n`);
      return;
    }
    const { documents, totalDocuments } = progress;
    const figures = progressFigures(progress);
    const { fraction } = figures;
    const text = `${documents}/${totalDocuments} documents  ${perSecondText(figures.documentsPerSecond)} docs/s  ${perSecondText(figures.valuesPerSecond)} values/s  elapsed ${duration(progress.sinceStartMs / 1000)}  ETA ${duration(figures.etaSeconds)}`;
    const now = Date.now();
    if (this.stream.isTTY) {
      if (now - this.lastDraw < 200 && documents < totalDocuments) return;
      this.lastDraw = now;
      const width = 24;
      const filled = Math.round(fraction * width);
      this.stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(figures.percent).padStart(3)}%  ${text}\u001b[K`,
      );
      this.drawn = true;
      return;
    }
    const percent = Math.floor(fraction * 10) * 10;
    if (
      percent > this.lastPercent ||
      now - this.lastLine > 10_000 ||
      documents === totalDocuments
    ) {
      if (
        percent === this.lastPercent &&
        documents !== totalDocuments &&
        now - this.lastLine <= 10_000
      )
        return;
      this.lastPercent = percent;
      this.lastLine = now;
      this.stream.write(`Inserted ${text}\n`);
    }
  }

  note(text: string): void {
    if (this.quiet) return;
    this.finishLine();
    this.stream.write(`${text}\n`);
  }

  finishLine(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
