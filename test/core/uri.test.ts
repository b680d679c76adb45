import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets, redactUri } from '#core/uri.js';

describe('redactUri', () => {
  const cases: Array<[string, string]> = [
    ['mongodb://user:secret@host:27017/db', 'mongodb://user:***@host:27017/db'],
    [
      'mongodb+srv://admin:p%40ss@cluster0.example.net/?retryWrites=true',
      'mongodb+srv://admin:***@cluster0.example.net/?retryWrites=true',
    ],
    [
      'mongodb://user:secret@h1:1,h2:2,h3:3/db?replicaSet=rs0',
      'mongodb://user:***@h1:1,h2:2,h3:3/db?replicaSet=rs0',
    ],
    ['mongodb://localhost:27017', 'mongodb://localhost:27017'],
    ['mongodb://justuser@host/', 'mongodb://justuser@host/'],
    ['mongodb://u:@host/', 'mongodb://u:***@host/'],
  ];
  for (const [uri, expected] of cases) {
    it(`shows ${expected}`, () => assert.equal(redactUri(uri), expected));
  }
});

describe('redactSecrets', () => {
  it('removes the password, also URL-decoded, from a free-text message', () => {
    const uri = 'mongodb://bob:p%40ssw0rd@db.example:27017/';
    const message = `Authentication failed for bob with p@ssw0rd at ${uri}`;
    const redacted = redactSecrets(message, uri);
    assert.ok(!redacted.includes('p@ssw0rd'));
    assert.ok(!redacted.includes('p%40ssw0rd'));
    assert.match(redacted, /mongodb:\/\/bob:\*\*\*@db\.example:27017\//);
  });
});
