/**
 * A key no model uses is kept and warned about (SPEC 4), and the warning names the key it most
 * likely means; a misspelt raw-text key (timestamp, title, var_name) is read as raw text, as
 * the key meant would be. The expected suggestions are the keys of SPEC 4, picked by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigText, resolveConfig } from '#core/config/effective.js';
import { closestKey } from '#core/config/keys.js';
import { overridesRecord, parseOverrides } from '#core/config/overrides.js';
import { FluxError } from '#core/errors.js';

const overrideWarnings = (text: string) =>
  resolveConfig(
    [
      {
        source: { kind: 'override' },
        entries: parseOverrides(text).entries.map(({ key, value }) => ({ key, value })),
      },
    ],
    'data.mat',
  ).warnings;

describe('the key an unknown one most likely means', () => {
  it('finds a swap of two letters, a letter left out, and other case', () => {
    assert.equal(closestKey('titel'), 'title');
    assert.equal(closestKey('timstamp'), 'timestamp');
    assert.equal(closestKey('precison'), 'precision');
    assert.equal(closestKey('paramters'), 'parameters');
    assert.equal(closestKey('Title'), 'title');
    assert.equal(closestKey('unit'), 'units');
  });

  it('finds the key a short one begins', () => {
    assert.equal(closestKey('time'), 'timestamp');
    assert.equal(closestKey('var'), 'var_name');
  });

  it('suggests nothing for a key unlike every known one', () => {
    assert.equal(closestKey('x'), null);
    assert.equal(closestKey('model'), null);
    assert.equal(closestKey('description'), null);
  });
});

describe('the warning for an unknown key', () => {
  it('names the closest key, for -o', () => {
    assert.deepEqual(overrideWarnings("titel='My data'"), [
      '-o: unknown key "titel" kept but not used; did you mean "title"?',
    ]);
  });

  it('names the closest key, for a config file', () => {
    const { warnings } = resolveConfig(
      [parseConfigText('casa.json', '{"titel": "My data", "colour": 1}')],
      'casa.mat',
    );
    assert.deepEqual(warnings, [
      'config file casa.json: unknown key "titel" kept but not used; did you mean "title"?',
      'config file casa.json: unknown key "colour" kept but not used',
    ]);
  });

  it('reads a misspelt timestamp or title as raw text, so it is this warning and not an error', () => {
    const record = overridesRecord(
      parseOverrides('timstamp=2011-01-01T00:00:00;titel=My data;units={"x": "degrees"}'),
    );
    assert.deepEqual(record, {
      timstamp: '2011-01-01T00:00:00',
      titel: 'My data',
      units: { x: 'degrees' },
    });
    assert.deepEqual(overrideWarnings('timstamp=2011-01-01T00:00:00'), [
      '-o: unknown key "timstamp" kept but not used; did you mean "timestamp"?',
    ]);
  });

  it('still refuses a value that is no literal for any other key', () => {
    assert.throws(
      () => parseOverrides('x=1+2'),
      (error: unknown) =>
        error instanceof FluxError &&
        /arithmetic and comparisons are not evaluated/.test(error.message),
    );
    assert.throws(
      () => parseOverrides('precison=two'),
      (error: unknown) =>
        error instanceof FluxError && /"two" is not a literal/.test(error.message),
    );
  });
});
