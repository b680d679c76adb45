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

  /** Keys exactly as a terminal sends them, in one read. */
  type(raw: string): Effect[] {
    return this.send(...this.decoder.push(raw).map((key) => ({ type: 'key' as const, key })));
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
