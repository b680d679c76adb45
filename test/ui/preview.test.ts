import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreviewFrame } from '#core/operations/preview.js';
import { activeBindings } from '#ui/model/activeBindings.js';
import { keyLine } from '#ui/model/bindings.js';
import type { PreviewState } from '#ui/model/preview.js';
import { datasetRow, ModelDriver } from '#test/support/uiModel.js';

/**
 * The preview's keys in the UI model: stepping held to the first and last step, ten at a time,
 * going to a typed step or date, the parameter, how far a read has got, and Esc with the next
 * key in one read. Frames are made here: 8 steps 3 hours apart, as casagfed2004's.
 */
const TIMES = [0, 3, 6, 9, 12, 15, 18, 21].map(
  (hour) => `2004-06-30T${String(hour).padStart(2, '0')}:00:00`,
);

function frame(index: number, parameter = 'values', parameters = ['values', 'errors']) {
  return {
    dataset: 'alpha',
    kind: 'grid',
    parameter,
    parameters,
    units: 'ppm',
    axes: { x: 'degrees', y: 'degrees' },
    index,
    count: TIMES.length,
    time: TIMES[index] ?? null,
    times: TIMES,
    points: [],
    range: { min: 0, max: 1 },
    scale: null,
    extent: null,
    cell: null,
  } satisfies PreviewFrame;
}

const previewOf = (driver: ModelDriver): PreviewState => {
  const screen = driver.state.screen;
  if (screen.kind !== 'preview') throw new Error(`the preview is not open (${screen.kind})`);
  return screen.preview;
};

/** The preview of alpha open, its step `index` answered (parameters: values and errors). */
function previewing(index = 0, parameters?: string[]): ModelDriver {
  const driver = new ModelDriver();
  driver.send({ type: 'datasets', rows: [datasetRow('alpha'), datasetRow('beta')], held: [] });
  driver.type('p');
  answer(driver, 0, undefined, parameters);
  if (index !== 0) {
    driver.type(':');
    driver.type(`${index + 1}\r`);
    answer(driver, index, undefined, parameters);
  }
  return driver;
}

/** Answers the last preview request with its frame. */
function answer(driver: ModelDriver, index: number, parameter?: string, parameters?: string[]) {
  const asked = driver.last('preview');
  assert.equal(asked.index, index, 'the step asked for');
  driver.send({
    type: 'previewFrame',
    sequence: asked.sequence,
    frame: frame(index, parameter ?? asked.parameter ?? 'values', parameters),
  });
}

/** The step the next preview request asks for, or null when a key asks for none. */
const asks = (driver: ModelDriver, raw: string) => {
  const effects = driver.type(raw).filter((effect) => effect.type === 'preview');
  return effects.length ? (effects.at(-1) as { index: number }).index : null;
};

describe('the preview: stepping through time', () => {
  it('opens on the first step of the first parameter', () => {
    const driver = new ModelDriver();
    driver.send({ type: 'datasets', rows: [datasetRow('alpha')], held: [] });
    const [effect] = driver.type('p');
    assert.deepEqual(
      { ...effect, sequence: 0 },
      {
        type: 'preview',
        name: 'alpha',
        index: 0,
        parameter: null,
        sequence: 0,
      },
    );
  });

  it('does not wrap around: h on the first step and l on the last stay, saying why', () => {
    const driver = previewing(0);
    assert.equal(asks(driver, 'h'), null);
    assert.equal(previewOf(driver).index, 0);
    assert.match(driver.state.message?.text ?? '', /first step: there is none before it/);
    const last = previewing(7);
    assert.equal(asks(last, 'l'), null);
    assert.match(last.state.message?.text ?? '', /last step \(8\): there is none after it/);
    assert.equal(asks(last, 'h'), 6);
  });

  it('PgDn and PgUp move ten steps, held to the first and the last', () => {
    const driver = previewing(0);
    // 8 steps: ten on from the first is the last.
    assert.equal(asks(driver, '\u001b[6~'), 7);
    assert.equal(asks(driver, '\u001b[6~'), null);
    assert.equal(asks(driver, '\u001b[5~'), 0);
    assert.equal(asks(driver, '\u001b[5~'), null);
    assert.equal(asks(driver, 'G'), 7);
    assert.equal(asks(driver, 'g'), 0);
  });

  it('a typed step number or date goes to its step; a digit opens the field with it', () => {
    const driver = previewing(0);
    driver.type('5');
    assert.equal(previewOf(driver).jump?.value, '5');
    assert.equal(asks(driver, '\r'), 4);
    assert.equal(previewOf(driver).jump, null);
    driver.type(':');
    assert.equal(previewOf(driver).jump?.value, '');
    driver.type('2004-06-30 09');
    assert.equal(asks(driver, '\r'), 3);
    // Not a step: the nearest, and the message says so.
    driver.type(':2004-06-30T07:00\r');
    assert.equal(previewOf(driver).index, 2);
    assert.match(driver.state.message?.text ?? '', /no step at 2004-06-30T07:00:00/);
  });

  it('a typed text that is no step keeps the field open and says why; Esc closes it only', () => {
    const driver = previewing(0);
    driver.type(':12');
    assert.equal(asks(driver, '\r'), null);
    assert.equal(previewOf(driver).jump?.value, '12');
    assert.equal(driver.state.message?.tone, 'error');
    assert.match(driver.state.message?.text ?? '', /no step 12: the steps are 1 to 8/);
    // Keys are the field's: q and ? are typed, not acted on.
    driver.type('\u007f\u007fq?');
    assert.equal(previewOf(driver).jump?.value, 'q?');
    driver.type('\u001b');
    assert.equal(driver.state.screen.kind, 'preview');
    assert.equal(previewOf(driver).jump, null);
    assert.equal(previewOf(driver).index, 0);
  });

  it('p cycles through the parameters the frame lists; refused with one', () => {
    const driver = previewing(2);
    const [asked] = driver.type('p');
    assert.deepEqual(asked && { ...asked, sequence: 0 }, {
      type: 'preview',
      name: 'alpha',
      index: 2,
      parameter: 'errors',
      sequence: 0,
    });
    answer(driver, 2);
    assert.equal(driver.last('preview').parameter, 'errors');
    // The parameter stays as the steps change.
    asks(driver, 'l');
    assert.equal(driver.last('preview').parameter, 'errors');
    answer(driver, 3);
    driver.type('p');
    assert.equal(driver.last('preview').parameter, 'values');

    const single = previewing(0, ['values']);
    assert.equal(asks(single, 'p'), null);
    assert.match(single.state.message?.text ?? '', /one parameter, values/);
  });
});

describe('the preview: reading', () => {
  it('shows how far a read has got, for the read asked for last only', () => {
    const driver = previewing(0);
    driver.type('G');
    const { sequence } = driver.last('preview');
    driver.send({
      type: 'previewProgress',
      sequence: sequence - 1,
      progress: { step: 2, count: 8 },
    });
    assert.equal(previewOf(driver).progress, null, 'an older read is not shown');
    driver.send({ type: 'previewProgress', sequence, progress: { step: 5, count: 8 } });
    assert.deepEqual(previewOf(driver).progress, { step: 5, count: 8 });
    answer(driver, 7);
    assert.equal(previewOf(driver).progress, null);
    assert.equal(previewOf(driver).frame?.time, '2004-06-30T21:00:00');
  });

  it('Esc back to the list stops a read still on its way', () => {
    const driver = previewing(0);
    driver.type('G');
    const effects = driver.type('\u001b');
    assert.equal(driver.state.screen.kind, 'browse');
    // (The list, back in front, also asks for its refresh.)
    assert.deepEqual(
      effects.filter((effect) => effect.type === 'stopPreview'),
      [{ type: 'stopPreview', name: 'alpha' }],
    );
  });

  it('Esc and j in one read: back to the list, then the next dataset', () => {
    const driver = previewing(3);
    driver.type('\u001bj');
    assert.equal(driver.state.screen.kind, 'browse');
    assert.equal(driver.state.browse.selected, 'beta');
  });
});

describe('the preview: its key line', () => {
  it('at 80 columns: stepping, go to, the parameter when there are two, back, help and quit', () => {
    const line = (driver: ModelDriver) => keyLine(activeBindings(driver.state), driver.state, 80);
    const two = line(previewing(0));
    assert.ok(two.length <= 80);
    for (const hint of ['←/h previous', '→/l next', ': go to', 'p parameter', 'Esc back'])
      assert.ok(two.includes(hint), `"${hint}" in "${two}"`);
    assert.ok(two.endsWith('? help  q quit'));
    const one = line(previewing(0, ['values']));
    assert.ok(!one.includes('p parameter'), one);
    assert.ok(one.includes('g first') && one.includes('G last'), one);
    const typing = previewing(0);
    typing.type(':');
    assert.equal(line(typing), 'Enter go  Esc cancel  Ctrl-C quit');
  });
});
