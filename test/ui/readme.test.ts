import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { activeBindings } from '#ui/model/activeBindings.js';
import { initialApp } from '#ui/model/app.js';
import { initialAudit } from '#ui/model/audit.js';
import type { Binding } from '#ui/model/bindings.js';
import { initialBrowse, type BrowseState } from '#ui/model/browse.js';
import { initialPreview } from '#ui/model/preview.js';
import type { ScreenKind, ScreenOf } from '#ui/model/screenDefinition.js';
import { textField } from '#ui/model/textField.js';
import type { AppState } from '#ui/model/types.js';
import type { LoadRun } from '#ui/model/loads.js';
import type { VerifyState } from '#ui/model/verifyScreen.js';
import {
  initialWizard,
  VERIFY_STEPS,
  WIZARD_STEPS,
  type WizardStep,
} from '#ui/model/wizard/state.js';
import type { LoadOutcome } from '#ui/services.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** One state of a screen whose keys differ from its others, and the README row for it. */
interface Documented<K extends ScreenKind> {
  row: string;
  screen: ScreenOf<K>;
  browse?: Partial<BrowseState>;
  loads?: AppState['loads'];
}

/** A row for each wizard step; the load has rows of its own in the README. */
const WIZARD_ROWS: Record<WizardStep, string> = {
  path: 'load (wizard)',
  variable: 'load (wizard)',
  model: 'load (wizard)',
  name: 'load (wizard)',
  config: 'load (wizard)',
  overrides: 'load (wizard)',
  review: 'review',
  load: 'loading',
};

const RUNS: { [S in LoadRun['status']]: Extract<LoadRun, { status: S }> } = {
  running: { status: 'running', progress: null, cancelling: false, elapsedMs: 0 },
  done: { status: 'done', outcome: {} as LoadOutcome },
  failed: { status: 'failed', text: 'it failed', connection: false },
  cancelled: { status: 'cancelled' },
};

const wizardAt = (step: WizardStep): ScreenOf<'load'> => ({
  kind: 'load',
  wizard: { ...initialWizard(), step },
});

/** `v`'s questions: the wizard's steps for a verify, in a row of their own. */
const verifyAt = (step: WizardStep): Documented<'load'> => ({
  row: 'verify wizard',
  screen: { kind: 'load', wizard: { ...initialWizard(null, { name: 'a', model: '' }), step } },
});

const exportState = (running: boolean): ScreenOf<'export'> => ({
  kind: 'export',
  export: {
    name: 'a',
    folder: false,
    path: textField('a.mat'),
    completions: [],
    completing: null,
    running: running ? { sequence: 1, progress: null, cancelling: false } : null,
    error: null,
    back: null,
  },
});

const verifyState = (status: VerifyState['status']): ScreenOf<'verify'> => ({
  kind: 'verify',
  verify: {
    name: 'a',
    file: 'a.mat',
    sequence: 1,
    status,
    progress: null,
    report: null,
    error: status === 'failed' ? 'it failed' : null,
    selected: 0,
  },
});

/** The load's screen, its load (the app's) in this state. */
const loading = (run: LoadRun): Documented<'load'> => ({
  row: WIZARD_ROWS.load,
  screen: wizardAt('load'),
  loads: { '': { name: '', wizard: initialWizard(), run } },
});

/** Every screen in each of its states whose keys differ: a new screen needs a row here. */
const DOCUMENTED: { [K in ScreenKind]: Documented<K>[] } = {
  browse: [
    { row: 'dataset list', screen: { kind: 'browse' } },
    { row: 'dataset list', screen: { kind: 'browse' }, browse: { focus: 'details' } },
    { row: 'dataset list', screen: { kind: 'browse' }, browse: { filtering: textField() } },
  ],
  load: [
    ...WIZARD_STEPS.flatMap((step) =>
      step === 'load'
        ? Object.values(RUNS).map(loading)
        : [{ row: WIZARD_ROWS[step], screen: wizardAt(step) }],
    ),
    ...VERIFY_STEPS.map(verifyAt),
  ],
  export: [false, true].map((running) => ({ row: 'export', screen: exportState(running) })),
  verify: (['running', 'done', 'failed'] as const).map((status) => ({
    row: 'verify',
    screen: verifyState(status),
  })),
  audit: [
    { row: 'audit', screen: { kind: 'audit', audit: initialAudit(1) } },
    {
      row: 'audit',
      screen: {
        kind: 'audit',
        audit: { ...initialAudit(1), confirm: { scope: 'all', findings: [] } },
      },
    },
  ],
  rename: [
    {
      row: 'rename',
      screen: {
        kind: 'rename',
        dialog: {
          from: 'a',
          to: textField(),
          check: null,
          submitted: false,
          busy: false,
          error: null,
        },
      },
    },
  ],
  remove: [
    {
      row: 'remove',
      screen: {
        kind: 'remove',
        dialog: { name: 'a', records: 1, typed: textField(), busy: false, error: null },
      },
    },
  ],
  log: [{ row: 'log', screen: { kind: 'log', log: { selected: null, back: { kind: 'browse' } } } }],
  preview: [null, textField('2004')].map((jump) => ({
    row: 'preview',
    screen: { kind: 'preview', preview: { ...initialPreview('a'), jump } },
  })),
  metadata: [
    {
      row: 'metadata',
      screen: {
        kind: 'metadata',
        view: { name: 'a', top: 0, document: undefined, reading: null, error: null },
      },
    },
  ],
};

const base = initialApp('mongodb://db.example/', 'fluxvis', { columns: 80, rows: 24 });

/** The bindings in front in each state, by the README row that documents them. */
function bindingsByRow(): Map<string, Binding<string, AppState>[]> {
  const states: Array<{ row: string; app: AppState }> = Object.values(DOCUMENTED)
    .flat()
    .map((documented) => ({
      row: documented.row,
      app: {
        ...base,
        screen: documented.screen,
        browse: { ...initialBrowse, ...documented.browse },
        loads: documented.loads ?? {},
      },
    }));
  states.push({ row: 'help', app: { ...base, help: { selected: 0 } } });
  const byRow = new Map<string, Binding<string, AppState>[]>();
  for (const { row, app } of states)
    byRow.set(row, [...new Set([...(byRow.get(row) ?? []), ...activeBindings(app)])]);
  return byRow;
}

/** The README's key table for the terminal UI: its rows, screen by keys. */
function readmeRows(): Map<string, string> {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf('### The terminal UI');
  assert.ok(start >= 0, 'README.md has a section "### The terminal UI"');
  const section = text.slice(start, text.indexOf('\n### ', start + 1));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = /^\|\s*(.+?)\s*\|\s*(.+?)\s*\|$/.exec(line);
    if (!cells || /^-+$/.test(cells[1] ?? '') || cells[1] === 'screen') continue;
    rows.set(cells[1] as string, cells[2] as string);
  }
  return rows;
}

/** Keys as people write them (in the README and in bindings' labels), as key ids. */
const NAMED_KEYS: Record<string, string> = {
  Enter: 'enter',
  Esc: 'escape',
  Tab: 'tab',
  Space: 'space',
  PgUp: 'pageup',
  PgDn: 'pagedown',
  Home: 'home',
  End: 'end',
  '←': 'left',
  '→': 'right',
  '↑': 'up',
  '↓': 'down',
};

function keyId(written: string): string {
  const named = NAMED_KEYS[written];
  if (named) return named;
  const control = /^Ctrl-([A-Z])$/.exec(written);
  if (control) return `ctrl+${(control[1] as string).toLowerCase()}`;
  assert.equal([...written].length, 1, `"${written}" is not a key`);
  return written;
}

/** "↑/k" is two keys; "/" is one. */
const labelKeys = (label: string): string[] => label.split(/(?<=.)\/(?=.)/).map(keyId);

/** The keys a README row mentions: `x` in code spans, and named keys and arrows in the text. */
function mentionedKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const [, code] of text.matchAll(/`([^`]+)`/g)) keys.add(keyId(code as string));
  const prose = text.replace(/`[^`]+`/g, '');
  const named = /\b(Enter|Esc|Tab|Space|PgUp|PgDn|Home|End|Ctrl-[A-Z])\b|[←→↑↓]/g;
  for (const [written] of prose.matchAll(named)) keys.add(keyId(written));
  return keys;
}

/** Help and quit are the same everywhere: the text above the table documents them once. */
const onKeyLine = (binding: Binding<string, AppState>) =>
  binding.hint !== undefined && binding.action !== 'help' && binding.action !== 'quit';

describe("the README's key table for the terminal UI", () => {
  it('has a row for each screen, and no other', () => {
    assert.deepEqual([...readmeRows().keys()].sort(), [...bindingsByRow().keys()].sort());
  });

  it("names every key on a screen's key line in the screen's row", () => {
    const rows = readmeRows();
    const unnamed = [...bindingsByRow()].flatMap(([row, bindings]) => {
      const mentioned = mentionedKeys(rows.get(row) ?? '');
      return bindings
        .filter(onKeyLine)
        .filter((binding) => labelKeys(binding.label).some((key) => !mentioned.has(key)))
        .map((binding) => `${row}: ${binding.label} ${binding.hint}`);
    });
    assert.deepEqual(unnamed, [], 'keys on the key line that the README row does not name');
  });

  it('names no key the screen does not bind', () => {
    const rows = readmeRows();
    const unbound = [...bindingsByRow()].flatMap(([row, bindings]) => {
      const bound = new Set(bindings.flatMap((binding) => binding.keys));
      return [...mentionedKeys(rows.get(row) ?? '')]
        .filter((key) => !bound.has(key))
        .map((key) => `${row}: ${key}`);
    });
    assert.deepEqual(unbound, [], 'keys the README row names that the screen does not bind');
  });

  it('labels each key-line binding with keys it binds', () => {
    const mislabelled = [...bindingsByRow()].flatMap(([row, bindings]) =>
      bindings
        .filter(onKeyLine)
        .filter((binding) => labelKeys(binding.label).some((key) => !binding.keys.includes(key)))
        .map((binding) => `${row}: ${binding.label} ${binding.hint}`),
    );
    assert.deepEqual(mislabelled, []);
  });
});
