import { FluxError } from '#core/errors.js';
import type { LoadProgress } from '#core/operations/load/execute.js';
import type { ExportProgress } from '#core/operations/export.js';
import type { PreviewProgress, SeriesProgress } from '#core/operations/preview.js';
import type { VerifyProgress } from '#core/operations/verify.js';
import type { Effect, Msg } from '../model/types.js';
import type { UiServices } from '../services.js';

/** What running an effect can use: the services, and the store's ways of answering. */
export interface EffectRun {
  services: UiServices;
  /** Dispatches `ok`'s message once `work` is done, or `failed`'s (by default, "failed"). */
  answer: <T>(work: Promise<T>, ok: (value: T) => Msg, failed?: (error: unknown) => Msg) => void;
  /** A progress callback that dispatches at most every so often: see UiStore.paced. */
  paced: <Args extends unknown[]>(message: (args: Args) => Msg) => (...args: Args) => void;
  /**
   * Runs `work` after `delayMs`, dropping work still waiting in the same slot: only the newest
   * ping, or the newest refresh, matters.
   */
  afterDelay: (slot: 'ping' | 'poll', delayMs: number, work: () => void) => void;
  /** A signal for a new load of a dataset: `cancelLoad` of that dataset aborts it. */
  loadSignal: (name: string) => AbortSignal;
  cancelLoad: (name: string) => void;
  /** A signal for a new export (one runs at a time): `cancelExport` aborts it. */
  exportSignal: () => AbortSignal;
  cancelExport: () => void;
  /** A signal for a new verify (one runs at a time): `cancelVerify` aborts it. */
  verifySignal: () => AbortSignal;
  cancelVerify: () => void;
  /** Dispatches `message`'s answer every `intervalMs` until the returned stop is called. */
  every: (intervalMs: number, message: () => Msg) => () => void;
  exit: (code: number) => void;
  /** Stops the process until `fg` (Ctrl-Z), giving the terminal back meanwhile. */
  suspend: () => void;
}

/** A running load's clock ticks this often, whether or not the load reports anything. */
export const LOAD_CLOCK_MS = 1000;

type EffectType = Effect['type'];
type EffectOf<T extends EffectType> = Extract<Effect, { type: T }>;
type EffectRunners = { [T in EffectType]: (effect: EffectOf<T>, run: EffectRun) => void };

/** How each effect is done: an effect without a runner does not compile. */
export const EFFECTS: EffectRunners = {
  listDatasets: (_effect, { services, answer }) =>
    answer(services.listDatasets(), ({ rows, held }) => ({ type: 'datasets', rows, held })),
  serverInfo: (_effect, { services, answer }) =>
    answer(services.serverInfo(), (info) => ({ type: 'serverInfo', info })),
  readMetadata: ({ name }, { services, answer }) =>
    answer(
      services.metadata(name),
      (metadata) => ({ type: 'metadata', name, metadata }),
      (error) => ({ type: 'metadataFailed', name, error }),
    ),
  ping: ({ delayMs }, { services, answer, afterDelay }) =>
    afterDelay('ping', delayMs, () => answer(services.ping(), () => ({ type: 'reconnected' }))),
  pollLater: ({ delayMs }, { answer, afterDelay }) =>
    afterDelay('poll', delayMs, () => answer(Promise.resolve(), () => ({ type: 'pollDue' }))),
  metadataDocument: ({ name, sequence }, { services, answer }) =>
    answer(services.metadata(name), (metadata) => ({
      type: 'metadataDocument',
      sequence,
      metadata,
    })),
  pollDatasets: ({ known, sequence }, { services, answer }) => {
    const started = Date.now();
    answer(services.pollDatasets(known), ({ rows, held }) => ({
      type: 'datasetsPolled',
      sequence,
      rows,
      held,
      ms: Date.now() - started,
    }));
  },
  inspectFile: ({ path, sequence }, { services, answer }) =>
    answer(services.inspectFile(path), (listing) => ({ type: 'fileInspected', sequence, listing })),
  matchFiles: ({ typed, sequence }, { services, answer }) =>
    answer(services.matchFiles(typed), (files) => ({ type: 'filesMatched', sequence, files })),
  remind: ({ delayMs, sequence }, { answer }) =>
    answer(new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref()), () => ({
      type: 'reminded',
      sequence,
    })),
  completePath: ({ field, typed }, { services, answer }) =>
    answer(services.completePath(typed, field === 'config' ? 'config' : 'data'), (found) => ({
      type: 'completions',
      field,
      typed,
      found,
    })),
  siblingConfig: ({ path }, { services, answer }) =>
    answer(services.siblingConfig(path), (config) => ({ type: 'siblingConfig', path, config })),
  checkName: ({ name }, { services, answer }) =>
    answer(services.checkName(name), (check) => ({ type: 'nameChecked', name, check })),
  checkConfig: ({ path }, { services, answer }) =>
    answer(services.checkConfig(path), (problem) => ({ type: 'configChecked', path, problem })),
  review: ({ request, sequence }, { services, answer }) =>
    answer(services.review(request), (review) => ({ type: 'reviewed', sequence, review })),
  load: (effect, { services, answer, paced, loadSignal, every }) => {
    const name = effect.request.name;
    const signal = loadSignal(name);
    const progress = paced<[LoadProgress]>(([event]) => ({
      type: 'loadProgress',
      name,
      progress: event,
    }));
    // The clock ticks while no event comes (a first backup batch can take half a minute).
    const started = Date.now();
    const stopClock = every(LOAD_CLOCK_MS, () => ({
      type: 'loadClock',
      name,
      elapsedMs: Date.now() - started,
    }));
    answer(
      services.load(effect.request, (event) => progress(event), signal).finally(stopClock),
      (outcome) => ({ type: 'loaded', name, outcome }),
      (error) =>
        signal.aborted && error instanceof FluxError && error.kind === 'cancelled'
          ? { type: 'loadCancelled', name }
          : { ...failedMessage(effect, error), dataset: name },
    );
  },
  cancelLoad: ({ name }, run) => run.cancelLoad(name),
  audit: ({ sequence, deep }, { services, answer, paced }) => {
    const progress = paced<[number, number]>(([checked, total]) => ({
      type: 'auditProgress',
      sequence,
      checked,
      total,
    }));
    answer(
      services.audit((checked, total) => progress(checked, total), deep),
      (report) => ({ type: 'audited', sequence, report }),
    );
  },
  repair: ({ findings }, { services, answer, paced }) => {
    const progress = paced<[number, number]>(([done, total]) => ({
      type: 'repairProgress',
      done,
      total,
    }));
    answer(
      services.repair(findings, (done, total) => progress(done, total)),
      (actions) => ({ type: 'repaired', actions }),
    );
  },
  rename: ({ from, to }, { services, answer }) =>
    answer(services.rename(from, to), () => ({ type: 'renamed', from, to })),
  remove: ({ name }, { services, answer }) =>
    answer(services.remove(name), () => ({ type: 'removed', name })),
  preview: ({ name, index, parameter, sequence }, { services, answer, paced }) => {
    const progress = paced<[PreviewProgress]>(([event]) => ({
      type: 'previewProgress',
      sequence,
      progress: event,
    }));
    answer(
      services.preview(name, index, { parameter, onProgress: (event) => progress(event) }),
      (frame) => ({ type: 'previewFrame', sequence, frame }),
    );
  },
  stopPreview: ({ name }, { services }) => void services.stopPreview(name).catch(() => undefined),
  export: ({ name, path, sequence }, { services, answer, paced, exportSignal }) => {
    const signal = exportSignal();
    const progress = paced<[ExportProgress]>(([event]) => ({
      type: 'exportProgress',
      sequence,
      progress: event,
    }));
    answer(
      services.exportDataset(name, path, (event) => progress(event), signal),
      (result) => ({ type: 'exported', sequence, result }),
      (error) =>
        signal.aborted && error instanceof FluxError && error.kind === 'cancelled'
          ? { type: 'exportCancelled', sequence }
          : { type: 'failed', effect: 'export', error, sequence },
    );
  },
  cancelExport: (_effect, run) => run.cancelExport(),
  cancelVerify: (_effect, run) => run.cancelVerify(),
  verify: ({ request, sequence }, { services, answer, paced, verifySignal }) => {
    const signal = verifySignal();
    const progress = paced<[VerifyProgress]>(([event]) => ({
      type: 'verifyProgress',
      sequence,
      progress: event,
    }));
    answer(
      services.verify(request, (event) => progress(event), signal),
      (report) => ({ type: 'verified', sequence, report }),
    );
  },
  // Streams how far the read has got; a newer cell (or leaving) stops it in the session.
  cellSeries: ({ name, cell, parameter, sequence }, { services, answer, paced }) => {
    const progress = paced<[SeriesProgress]>(([event]) => ({
      type: 'cellSeriesProgress',
      sequence,
      progress: event,
    }));
    answer(
      services.cellSeries(name, cell, { parameter, onProgress: (event) => progress(event) }),
      (series) => ({ type: 'cellSeries', sequence, series }),
    );
  },
  stopCellSeries: ({ name }, { services }) =>
    void services.stopCellSeries(name).catch(() => undefined),
  exit: ({ code }, run) => run.exit(code),
  suspend: (_effect, run) => run.suspend(),
};

/** Runs one effect with its runner. */
export function runEffect<T extends EffectType>(
  type: T,
  effect: EffectOf<T>,
  run: EffectRun,
): void {
  EFFECTS[type](effect, run);
}

/** The answer to an effect that failed; it carries the effect's request number, if it has one. */
export function failedMessage(effect: Effect, error: unknown): Msg {
  return {
    type: 'failed',
    effect: effect.type,
    error,
    ...('sequence' in effect ? { sequence: effect.sequence } : {}),
  };
}
