import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetRow, ModelDriver } from '#test/support/uiModel.js';

const CTRL_Z = '\u001a';

function browsing(): ModelDriver {
  const driver = new ModelDriver();
  driver.send({ type: 'datasets', rows: [datasetRow('alpha'), datasetRow('beta')], held: [] });
  return driver;
}

describe('the UI model: Ctrl-Z', () => {
  it('suspends from the list, the preview, the help and a terminal too small, leaving the state as it was', () => {
    const list = browsing();
    const before = list.state;
    assert.deepEqual(list.type(CTRL_Z), [{ type: 'suspend' }]);
    assert.equal(list.state, before, 'fg finds the UI as it was');

    const preview = browsing();
    preview.type('p');
    assert.deepEqual(preview.type(CTRL_Z), [{ type: 'suspend' }]);
    assert.equal(preview.state.screen.kind, 'preview');

    const help = browsing();
    help.type('?');
    assert.deepEqual(help.type(CTRL_Z), [{ type: 'suspend' }]);
    assert.notEqual(help.state.help, null);

    const small = new ModelDriver(60, 15);
    assert.deepEqual(small.type(CTRL_Z), [{ type: 'suspend' }]);
  });

  it('is refused while something writes (a stopped writer would look abandoned), and works once it is done', () => {
    const driver = browsing();
    driver.type('d');
    driver.type('alpha\r');
    assert.deepEqual(driver.last('remove'), { type: 'remove', name: 'alpha' });
    assert.deepEqual(driver.type(CTRL_Z), []);
    assert.equal(driver.state.message?.tone, 'warning');
    // STALE_AFTER_MS in src/core/journal.ts is 30 000 ms.
    assert.match(driver.state.message?.text ?? '', /Ctrl-Z is off while the remove writes.*30 s/);
    driver.send({ type: 'removed', name: 'alpha' });
    assert.deepEqual(driver.type(CTRL_Z), [{ type: 'suspend' }]);
  });
});
