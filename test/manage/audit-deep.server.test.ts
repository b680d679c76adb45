import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { auditDatabase } from '#core/operations/audit.js';
import { runFluxManage } from '#test/support/cli.js';
import { loadSmallDataset, loadSmallObservations } from '#test/support/datasets.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('auditdeep');
const temp = useTempDir('auditdeep');

describe('the audit reads no whole dataset unless asked to (--deep)', () => {
  before(async () => {
    await loadSmallDataset(server, temp.path, 'cells', 3);
    await loadSmallObservations(server, temp.path, 'points');
    // Damage the data where only the documents themselves show it: a time step with a value
    // missing (the record count and the first and last times are as the metadata says), and
    // an observation moved to a date the metadata does not list.
    await server.db
      .collection('cells')
      .updateOne({ _id: new Date('2004-06-30T03:00:00Z') } as never, { $set: { values: [1, 2] } });
    await server.db
      .collection('points')
      .updateOne({}, { $set: { timestamp: new Date('2009-07-01T00:00:00Z') } });
  });

  it('a plain audit looks the data up by _id only, and does not see inside documents', async () => {
    const client = await new MongoClient(server.uri, { monitorCommands: true }).connect();
    const reads: Array<{ collection: string; filter?: Document; limit?: number }> = [];
    client.on('commandStarted', (event: CommandStartedEvent) => {
      // Record counts come from $collStats (the server's own count): queries are what read data.
      if (event.commandName !== 'find' && event.commandName !== 'distinct') return;
      reads.push({
        collection: String(event.command[event.commandName]),
        filter: event.command.filter as Document | undefined,
        limit: event.command.limit as number | undefined,
      });
    });
    try {
      const report = await auditDatabase(new MongoStore(client.db(server.dbName)));
      assert.deepEqual(report.findings, []);
      const onData = reads.filter(
        (read) => read.collection === 'cells' || read.collection === 'points',
      );
      for (const read of onData) {
        const byId = read.filter?._id instanceof Date && read.limit === 1;
        assert.ok(
          byId,
          `the plain audit read a dataset otherwise than by _id: ${JSON.stringify(read)}`,
        );
      }
    } finally {
      await client.close();
    }
  });

  it('--deep reads every dataset once and finds what is wrong inside, with progress', async () => {
    const result = await runFluxManage(['db', '-a', '--deep'], { env: server.env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /INCONSISTENCY FOUND: metadata for collection ID "cells" disagrees with its data: the document of 2004-06-30T03:00:00\.000Z holds 2 values of values but coord_index has 3 cells/,
    );
    assert.match(
      result.stdout,
      /INCONSISTENCY FOUND: metadata for collection ID "points" disagrees with its data: 1 stored observation dates are not in its dates \(e\.g\. 2009-07-01T00:00:00\.000Z\)/,
    );
    assert.match(result.stderr, /Checked the data of 2 of 2 datasets/);
  });
});
