import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConnectionSettings } from '#core/settings.js';

describe('connection settings (SPEC 2)', () => {
  it('uses the defaults when nothing is given', () => {
    assert.deepEqual(resolveConnectionSettings({}, {}), {
      uri: 'mongodb://localhost:27017',
      dbName: 'fluxvis',
      uriIsDefault: true,
    });
  });
  it('takes the environment over the defaults', () => {
    const settings = resolveConnectionSettings(
      {},
      { MONGODB_URI: 'mongodb://e:1', FLUX_DB: 'envdb' },
    );
    assert.equal(settings.uri, 'mongodb://e:1');
    assert.equal(settings.dbName, 'envdb');
    assert.equal(settings.uriIsDefault, false);
  });
  it('takes flags over the environment', () => {
    const settings = resolveConnectionSettings(
      { uri: 'mongodb://f:2', db: 'flagdb' },
      { MONGODB_URI: 'mongodb://e:1', FLUX_DB: 'envdb' },
    );
    assert.equal(settings.uri, 'mongodb://f:2');
    assert.equal(settings.dbName, 'flagdb');
  });
  it('ignores empty values', () => {
    const settings = resolveConnectionSettings({ uri: '' }, { MONGODB_URI: ' ', FLUX_DB: '' });
    assert.equal(settings.uri, 'mongodb://localhost:27017');
    assert.equal(settings.dbName, 'fluxvis');
  });
});
