import { FluxError } from '#core/errors.js';
import type { LoadProgress } from '#core/operations/load/execute.js';
import { initialApp, startApp, updateApp } from '../model/app.js';
import type { AppState, Effect, Msg, Size } from '../model/types.js';
import type { UiServices } from '../services.js';

/** Progress is drawn at most this often: a slow SSH link is not flooded. */
const PROGRESS_INTERVAL_MS = 250;

/** Effects of which only the newest of one burst of keys matters (checks as the operator types). */
const NEWEST_ONLY = new Set<Effect['type']>(['checkName', 'checkConfig', 'completePath']);

/**
 * The UI's state and the work it asks for. Keys and answers go in through `dispatch`, each
 * applied to the newest state (a burst of keys is applied key by key, then drawn once); the
 * effects are run against the services and answer with messages of their own.
 */
export class UiStore {
  private state: AppState;
  private readonly listeners = new Set<() => void>();
  private load: AbortController | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly services: UiServices,
    size: Size,
    private readonly onExit: (code: number) => void,
  ) {
    this.state = initialApp(services.server, services.database, size);
  }

  getState = (): AppState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    const first = startApp(this.state);
    this.state = first.state;
    this.run(first.effects);
  }

  /** Applies messages in order, then runs what they asked for and redraws once. */
  dispatch = (...messages: Msg[]): void => {
    if (this.closed) return;
    const effects: Effect[] = [];
    for (const message of messages) {
      const next = updateApp(this.state, message);
      this.state = next.state;
      effects.push(...next.effects);
    }
    for (const listener of this.listeners) listener();
    this.run(effects);
  };

  /** Stops answering: the UI is closing (a load still running is left to finish its undo). */
  close(): void {
    this.closed = true;
    if (this.pingTimer) clearTimeout(this.pingTimer);
  }

  private run(effects: Effect[]): void {
    const newest = effects.filter(
      (effect, index) =>
        !NEWEST_ONLY.has(effect.type) ||
        !effects.slice(index + 1).some((later) => later.type === effect.type),
    );
    for (const effect of newest) this.perform(effect);
  }

  private answer<T>(
    work: Promise<T>,
    ok: (value: T) => Msg,
    failed: (error: unknown) => Msg,
  ): void {
    work.then(
      (value) => this.dispatch(ok(value)),
      (error: unknown) => this.dispatch(failed(error)),
    );
  }

  private perform(effect: Effect): void {
    const services = this.services;
    const failed =
      (sequence?: number) =>
      (error: unknown): Msg => ({
        type: 'failed',
        effect: effect.type,
        error,
        ...(sequence !== undefined ? { sequence } : {}),
      });
    switch (effect.type) {
      case 'listDatasets':
        return this.answer(
          services.listDatasets(),
          ({ rows, held }) => ({ type: 'datasets', rows, held }),
          failed(),
        );
      case 'serverInfo':
        return this.answer(
          services.serverInfo(),
          (info) => ({ type: 'serverInfo', info }),
          failed(),
        );
      case 'readMetadata':
        return this.answer(
          services.metadata(effect.name),
          (metadata) => ({ type: 'metadata', name: effect.name, metadata }),
          (error) => ({ type: 'metadataFailed', name: effect.name, error }),
        );
      case 'ping':
        if (this.pingTimer) clearTimeout(this.pingTimer);
        this.pingTimer = setTimeout(() => {
          this.pingTimer = null;
          this.answer(services.ping(), () => ({ type: 'reconnected' }), failed());
        }, effect.delayMs);
        return;
      case 'inspectFile':
        return this.answer(
          services.inspectFile(effect.path),
          (listing) => ({ type: 'fileInspected', sequence: effect.sequence, listing }),
          failed(effect.sequence),
        );
      case 'completePath':
        return this.answer(
          services.completePath(effect.typed),
          (found) => ({ type: 'completions', field: effect.field, typed: effect.typed, found }),
          failed(),
        );
      case 'siblingConfig':
        return this.answer(
          services.siblingConfig(effect.path),
          (config) => ({ type: 'siblingConfig', path: effect.path, config }),
          failed(),
        );
      case 'checkName':
        return this.answer(
          services.checkName(effect.name),
          (check) => ({ type: 'nameChecked', name: effect.name, check }),
          failed(),
        );
      case 'checkConfig':
        return this.answer(
          services.checkConfig(effect.path),
          (problem) => ({ type: 'configChecked', path: effect.path, problem }),
          failed(),
        );
      case 'review':
        return this.answer(
          services.review(effect.request),
          (review) => ({ type: 'reviewed', sequence: effect.sequence, review }),
          failed(effect.sequence),
        );
      case 'load':
        return this.startLoad(effect);
      case 'cancelLoad':
        this.load?.abort();
        return;
      case 'audit': {
        const progress = this.paced<[number, number]>(([checked, total]) => ({
          type: 'auditProgress',
          sequence: effect.sequence,
          checked,
          total,
        }));
        return this.answer(
          services.audit((checked, total) => progress(checked, total), effect.deep),
          (report) => ({ type: 'audited', sequence: effect.sequence, report }),
          failed(effect.sequence),
        );
      }
      case 'repair': {
        const progress = this.paced<[number, number]>(([done, total]) => ({
          type: 'repairProgress',
          done,
          total,
        }));
        return this.answer(
          services.repair(effect.findings, (done, total) => progress(done, total)),
          (actions) => ({ type: 'repaired', actions }),
          failed(),
        );
      }
      case 'rename':
        return this.answer(
          services.rename(effect.from, effect.to),
          () => ({ type: 'renamed', from: effect.from, to: effect.to }),
          failed(),
        );
      case 'remove':
        return this.answer(
          services.remove(effect.name),
          () => ({ type: 'removed', name: effect.name }),
          failed(),
        );
      case 'preview':
        return this.answer(
          services.preview(effect.name, effect.index),
          (frame) => ({ type: 'previewFrame', sequence: effect.sequence, frame }),
          failed(effect.sequence),
        );
      case 'exit':
        this.onExit(effect.code);
        return;
    }
  }

  private startLoad(effect: Extract<Effect, { type: 'load' }>): void {
    const controller = new AbortController();
    this.load = controller;
    const progress = this.paced<[LoadProgress]>(([event]) => ({
      type: 'loadProgress',
      progress: event,
    }));
    this.answer(
      this.services.load(effect.request, (event) => progress(event), controller.signal),
      (outcome) => ({ type: 'loaded', outcome }),
      (error): Msg =>
        controller.signal.aborted && error instanceof FluxError && error.kind === 'cancelled'
          ? { type: 'loadCancelled' }
          : { type: 'failed', effect: 'load', error },
    );
  }

  /**
   * A progress callback that dispatches at most every 250 ms, the first and the newest call:
   * work reports far more often than a person can read.
   */
  private paced<Args extends unknown[]>(message: (args: Args) => Msg): (...args: Args) => void {
    let last = 0;
    let waiting: Args | null = null;
    let timer: NodeJS.Timeout | null = null;
    return (...args: Args) => {
      const now = Date.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        this.dispatch(message(args));
        return;
      }
      waiting = args;
      if (timer) return;
      timer = setTimeout(
        () => {
          timer = null;
          last = Date.now();
          if (waiting) this.dispatch(message(waiting));
          waiting = null;
        },
        PROGRESS_INTERVAL_MS - (now - last),
      );
      timer.unref();
    };
  }
}
