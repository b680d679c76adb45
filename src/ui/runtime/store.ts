import { initialApp, startApp, updateApp } from '../model/app.js';
import type { AppState, Effect, Msg, Size } from '../model/types.js';
import type { UiServices } from '../services.js';
import { failedMessage, runEffect } from './effects.js';

/** Progress is drawn at most this often: a slow SSH link is not flooded. */
const PROGRESS_INTERVAL_MS = 250;

/** Effects of which only the newest of one burst of keys matters (checks as the operator types). */
const NEWEST_ONLY = new Set<Effect['type']>(['checkName', 'checkConfig', 'completePath', 'remind']);

/**
 * The UI's state and the work it asks for. Keys and answers go in through `dispatch`, each
 * applied to the newest state (a burst of keys is applied key by key, then drawn once); the
 * effects are run against the services and answer with messages of their own.
 */
export class UiStore {
  private state: AppState;
  private readonly listeners = new Set<() => void>();
  private readonly loads = new Map<string, AbortController>();
  /** The running export's abort (one runs at a time: its screen stays in front). */
  private exporting: AbortController | null = null;
  private verifying: AbortController | null = null;
  private readonly clocks = new Set<NodeJS.Timeout>();
  /** Work waiting for its time, by slot: the ping, the list's refresh. */
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly services: UiServices,
    size: Size,
    private readonly onExit: (code: number) => void,
    /** Ctrl-Z: the terminal session stops the process until `fg`. */
    private readonly onSuspend: () => void = () => undefined,
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
    for (const timer of this.delayed.values()) clearTimeout(timer);
    for (const clock of this.clocks) clearInterval(clock);
    this.clocks.clear();
  }

  private run(effects: Effect[]): void {
    const newest = effects.filter(
      (effect, index) =>
        !NEWEST_ONLY.has(effect.type) ||
        !effects.slice(index + 1).some((later) => later.type === effect.type),
    );
    for (const effect of newest) this.perform(effect);
  }

  private perform(effect: Effect): void {
    runEffect(effect.type, effect, {
      services: this.services,
      answer: (work, ok, failed = (error) => failedMessage(effect, error)) => {
        work.then(
          (value) => this.dispatch(ok(value)),
          (error: unknown) => this.dispatch(failed(error)),
        );
      },
      paced: (message) => this.paced(message),
      afterDelay: (slot, delayMs, work) => {
        clearTimeout(this.delayed.get(slot));
        this.delayed.set(
          slot,
          setTimeout(() => {
            this.delayed.delete(slot);
            work();
          }, delayMs),
        );
      },
      loadSignal: (name) => {
        const controller = new AbortController();
        this.loads.set(name, controller);
        return controller.signal;
      },
      cancelLoad: (name) => this.loads.get(name)?.abort(),
      exportSignal: () => {
        this.exporting = new AbortController();
        return this.exporting.signal;
      },
      cancelExport: () => this.exporting?.abort(),
      verifySignal: () => {
        this.verifying = new AbortController();
        return this.verifying.signal;
      },
      cancelVerify: () => this.verifying?.abort(),
      every: (intervalMs, message) => {
        const clock = setInterval(() => this.dispatch(message()), intervalMs);
        clock.unref();
        this.clocks.add(clock);
        return () => {
          clearInterval(clock);
          this.clocks.delete(clock);
        };
      },
      exit: (code) => this.onExit(code),
      suspend: () => this.onSuspend(),
    });
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
