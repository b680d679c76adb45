import type { LoadReview } from '#core/operations/load/review.js';
import type { DatasetRow } from '#core/operations/overview.js';
import { initialApp, updateApp } from '#ui/model/app.js';
import type { AppState, Effect, Msg } from '#ui/model/types.js';
import type { WizardState } from '#ui/model/wizard/state.js';
import { KeyDecoder } from '#ui/terminal/keys.js';

/** A model driven without Ink or a server: messages in, the state and the effects out. */
export class ModelDriver {
  state: AppState;
  effects: Effect[] = [];
  private readonly decoder = new KeyDecoder();

  constructor(columns = 80, rows = 24) {
    this.state = initialApp('mongodb://db.example/', 'fluxvis', { columns, rows });
  }

  send(...messages: Msg[]): Effect[] {
    const effects: Effect[] = [];
    for (const message of messages) {
      const next = updateApp(this.state, message);
      this.state = next.state;
      effects.push(...next.effects);
    }
    this.effects.push(...effects);
    return effects;
  }

  /** Keys exactly as a terminal sends them, in one read, and nothing more for a while. */
  type(raw: string): Effect[] {
    const keys = [...this.decoder.push(raw), ...this.decoder.flush()];
    return this.send(...keys.map((key) => ({ type: 'key' as const, key })));
  }

  /** The answer to the last effect of this type, found among the effects so far. */
  last<T extends Effect['type']>(type: T): Extract<Effect, { type: T }> {
    const found = [...this.effects].reverse().find((effect) => effect.type === type);
    if (!found) throw new Error(`no ${type} effect was asked for`);
    return found as Extract<Effect, { type: T }>;
  }
}

/** The wizard in front, or an error when it is not. */
export function wizardOf(driver: ModelDriver): WizardState {
  const screen = driver.state.screen;
  if (screen.kind !== 'load') throw new Error(`the wizard is not open (${screen.kind})`);
  return screen.wizard;
}

export function datasetRow(name: string, records = 8, extra: Partial<DatasetRow> = {}): DatasetRow {
  return {
    name,
    records,
    gridded: true,
    firstDate: '2004-06-30T00:00:00',
    lastDate: '2004-06-30T21:00:00',
    metadata: {
      _id: name,
      title: `title of ${name}`,
      gridded: true,
      dates: ['2004-06-30T00:00:00', '2004-06-30T21:00:00'],
    },
    ...extra,
  };
}

/** A model showing the list of these datasets. */
export function listOf(names: readonly string[]): ModelDriver {
  const driver = new ModelDriver();
  driver.send({ type: 'datasets', rows: names.map((name) => datasetRow(name)), held: [] });
  return driver;
}

/**
 * Keys and answers that take the wizard through its steps to a ready review of a load of
 * casagfed2004.mat (2635 cells, 8 steps) into `name`, which `exists` or not.
 */
export function throughWizard(driver: ModelDriver, name: string, exists = false): void {
  driver.type('l/data/casagfed2004.mat\r');
  answerInspect(driver);
  driver.type(`\r\r${name}\r`);
  driver.send({ type: 'nameChecked', name, check: { ok: true, exists } });
  driver.type('\rtimestamp=2004-06-30T00:00:00\r');
  // What the model reads of a dry run: whether it is new or an append, and what it warns of.
  const review = {
    mode: exists ? 'append' : 'new',
    settings: [],
    metadata: { _id: name },
    warnings: [],
    checks: [],
  } as unknown as LoadReview;
  driver.send({ type: 'reviewed', sequence: driver.last('review').sequence, review });
}

/** Answers the wizard's look at a MAT file holding one loadable 2635 x 10 matrix, `variable`. */
export function answerInspect(driver: ModelDriver, variable = 'casa_gfed_2004'): void {
  driver.send({
    type: 'fileInspected',
    sequence: driver.last('inspectFile').sequence,
    listing: {
      format: 'mat5',
      description: 'MATLAB 5.0 MAT-file',
      variables: [{ name: variable, class: 'double', shape: [2635, 10], loadable: true }],
    },
  });
}
