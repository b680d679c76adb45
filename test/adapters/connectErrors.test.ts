import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import { connectionError, driverFailure } from '#adapters/mongo/connect.js';

/** The driver's own error shapes, as a refusing server makes them (no server is reached). */
const refused = (code: number, codeName: string, errmsg: string) =>
  new MongoServerError({ ok: 0, code, codeName, errmsg });

describe('a server that refused us, by the shape of the driver error', () => {
  const uri =
    'mongodb://carol:pa55word@db.example:27017/fluxvis?authSource=users&authMechanism=SCRAM-SHA-256';

  it('an authentication failure names the user, mechanism and auth database, never the password', () => {
    const error = connectionError(
      uri,
      refused(18, 'AuthenticationFailed', 'Authentication failed.'),
    );
    assert.equal(error.kind, 'connection');
    assert.equal(
      error.message,
      'authentication failed at mongodb://carol:***@db.example:27017/fluxvis?authSource=users&authMechanism=SCRAM-SHA-256 for user "carol" with SCRAM-SHA-256, auth database "users": check the user name, the password and authSource (the server said: Authentication failed.)',
    );
  });

  it('finds the failure a connection pool wraps', () => {
    const wrapped = new MongoNetworkError('connection pool cleared', {
      cause: refused(18, 'AuthenticationFailed', 'Authentication failed.'),
    });
    const failure = driverFailure(uri, wrapped);
    assert.ok(failure instanceof Error);
    assert.match(failure.message, /^authentication failed at .* for user "carol"/);
  });

  it('a command refused for want of a login says to give one', () => {
    const failure = driverFailure(
      'mongodb://db.example/',
      refused(13, 'Unauthorized', 'Command listCollections requires authentication'),
    );
    assert.ok(failure instanceof Error);
    assert.equal(
      failure.message,
      'MongoDB at mongodb://db.example/ requires authentication: give a user and password in the URI (mongodb://USER:PASSWORD@HOST/, with authSource=DB if the user is not defined in admin) (the server said: Command listCollections requires authentication)',
    );
  });

  it('a command refused to a user names the user', () => {
    const failure = driverFailure(
      uri,
      refused(13, 'Unauthorized', 'not authorized on fluxvis to execute command { insert: "x" }'),
    );
    assert.ok(failure instanceof Error);
    assert.match(
      failure.message,
      /^user "carol" is not allowed to do this at mongodb:\/\/carol:\*\*\*@/,
    );
    assert.ok(!failure.message.includes('pa55word'));
  });

  it('other driver errors keep their words', () => {
    const failure = driverFailure(uri, new MongoNetworkError('connection reset'));
    assert.ok(failure instanceof Error);
    assert.match(failure.message, /failed during the command: connection reset/);
  });
});
