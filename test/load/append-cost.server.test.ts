import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { runLoad } from '#core/operations/load/index.js';
import { STATISTICS_AT_LOAD_TIME } from '#core/operations/load/summarize.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';
import { LOCAL_FILES } from '#adapters/files/localFiles.js';

const server = useTestDatabase('appendcost');
const temp = useTempDir('appendcost');
const files = LOCAL_FILES;

const STEP = 10_800_000;
const START = Date.parse('2004-06-30T00:00:00Z');
const stamp = (step: number) => new Date(START + step * STEP).toISOString().slice(0, 19);

/** A 3-cell SpatioTemporalMatrix with `steps` steps starting at step `first` of the series. */
async function grid(name: string, steps: number, first: number): Promise<string> {
  const values = [10.5, 11.5, 12.5, 40.5, 40.5, 41.5];
  for (let k = 0; k < steps; k++) values.push(first + k, first + k + 0.25, first + k + 0.5);
  const file = temp.file(name);
  await fs.writeFile(
    file,
    writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [3, 2 + steps], values }]),
  );
  return file;
}

/** What one command asked of one collection, as the server received it. */
interface Sent {
  command: string;
  collection: string;
  filter?: Document;
  limit?: number;
}

/** A store on a client that records every command it sends. */
async function recordingStore(): Promise<{
  store: MongoStore;
  sent: Sent[];
  close(): Promise<void>;
}> {
  const client = await new MongoClient(server.uri, { monitorCommands: true }).connect();
  const sent: Sent[] = [];
  client.on('commandStarted', (event: CommandStartedEvent) => {
    const body = event.command;
    const collection = String(body[event.commandName] ?? '');
    sent.push({
      command: event.commandName,
      collection,
      ...(body.filter ? { filter: body.filter as Document } : {}),
      ...(typeof body.limit === 'number' ? { limit: body.limit } : {}),
    });
  });
  return { store: new MongoStore(client.db(server.dbName)), sent, close: () => client.close() };
}

const name = (kind: 'short' | 'long') => `cost_${kind}`;

async function append(kind: 'short' | 'long', existing: number, dryRun: boolean) {
  const recording = await recordingStore();
  try {
    const path = await grid(`${kind}-next-${dryRun}.mat`, 2, existing);
    await recording.store.serverInfo(); // asked once per store, whatever the load
    recording.sent.length = 0;
    const [result] = await runLoad(
      {
        path,
        model: 'SpatioTemporalMatrix',
        name: name(kind),
        overrides: `timestamp=${stamp(existing)}`,
        dryRun,
      },
      recording.store,
      files,
    );
    return { result, sent: [...recording.sent] };
  } finally {
    await recording.close();
  }
}

const onDataset = (sent: Sent[], kind: 'short' | 'long') =>
  sent.filter((command) => command.collection === name(kind));

/** Counts by command name: getMore included, so reading more documents would show. */
const tally = (sent: Sent[]) =>
  Object.fromEntries(
    [...new Set(sent.map((command) => command.command))]
      .sort()
      .map((command) => [command, sent.filter((other) => other.command === command).length]),
  );

describe('appending costs what the new steps cost, not what the dataset holds', () => {
  before(async () => {
    for (const [kind, steps] of [
      ['short', 10],
      ['long', 50],
    ] as const) {
      const store = new MongoStore(server.db);
      const path = await grid(`${kind}.mat`, steps, 0);
      await runLoad(
        {
          path,
          model: 'SpatioTemporalMatrix',
          name: name(kind),
          overrides: `timestamp=${stamp(0)}`,
        },
        store,
        files,
      );
    }
  });
  after(() => undefined);

  it('sends the same commands to append 2 steps to a 50-step dataset as to a 10-step one', async () => {
    const short = await append('short', 10, false);
    const long = await append('long', 50, false);
    assert.equal(long.result?.written.documents, 2);
    assert.deepEqual(tally(long.sent), tally(short.sent));
    // The stored documents are not read at all: the statistics sketch the last load kept
    // describes them, times included (checked against the record count and the metadata).
    const reads = onDataset(long.sent, 'long').filter((command) => command.command === 'find');
    assert.deepEqual(reads, []);
    const sketch = long.sent.filter((command) => command.collection === 'summary_stats');
    assert.deepEqual(
      sketch.map((command) => command.command),
      ['find', 'update'],
      'the sketch is read by _id, then replaced',
    );
    // The statistics cover all 52 steps: 3 cells each, values k, k + 0.25, k + 0.5.
    const metadata = await server.db.collection('metadata').findOne({ _id: name('long') as never });
    const stats = (metadata?.stats as { values: { min: number; max: number; mean: number } })
      .values;
    assert.equal(stats.min, 0);
    assert.equal(stats.max, 51.5);
    assert.equal(stats.mean, 25.75);
    assert.deepEqual(metadata?.dates, [stamp(0), stamp(51)]);
  });

  it('answers a dry run of an append from the metadata, or one indexed query for its times', async () => {
    const short = await append('short', 12, true);
    const long = await append('long', 52, true);
    assert.deepEqual(tally(long.sent), tally(short.sent));
    const reads = onDataset(long.sent, 'long').filter((command) => command.command === 'find');
    // FerretDB v1 has no index on times: the dry run takes them from the metadata. MongoDB
    // answers one query for all of them from its _id index.
    const indexed = (await new MongoStore(server.db).serverInfo()).indexedTimes;
    if (indexed) {
      assert.equal(reads.length, 1, JSON.stringify(reads));
      assert.ok(Array.isArray((reads[0]?.filter?._id as { $in?: unknown } | undefined)?.$in));
    } else assert.deepEqual(reads, []);
    assert.equal(long.result?.documents, 2);
    assert.equal(long.result?.values, 6);
    assert.deepEqual(long.result?.metadata.dates, [stamp(0), stamp(53)]);
    assert.equal(long.result?.metadata.stats, STATISTICS_AT_LOAD_TIME);
  });

  it('reads the stored documents once, in one pass, when the sketch no longer describes them', async () => {
    // Another tool changed the dataset's metadata statistics: the sketch is not trusted.
    await server.db
      .collection('metadata')
      .updateOne({ _id: name('short') as never }, { $set: { 'stats.values.max': 99 } });
    const short = await append('short', 12, false);
    const reads = onDataset(short.sent, 'short').filter((command) => command.command === 'find');
    const passes = reads.filter(
      (command) => command.limit !== 1 && Object.keys(command.filter ?? {}).length === 0,
    );
    assert.equal(passes.length, 1, JSON.stringify(reads));
    // Besides the pass, at most one query for all the new times (where times are indexed).
    assert.ok(reads.length <= 3, JSON.stringify(reads));
    // Exact again, over all 14 steps (values k, k + 0.25, k + 0.5 for k = 0..13).
    const metadata = await server.db
      .collection('metadata')
      .findOne({ _id: name('short') as never });
    const stats = (metadata?.stats as { values: { min: number; max: number; mean: number } })
      .values;
    assert.deepEqual([stats.min, stats.max, stats.mean], [0, 13.5, 6.75]);
  });

  it('refuses in a dry run what the real run refuses, with the same message', async () => {
    const path = await grid('gap.mat', 2, 60); // a gap after step 51: not one series
    const request = {
      path,
      model: 'SpatioTemporalMatrix',
      name: name('long'),
      overrides: `timestamp=${stamp(60)}`,
    };
    const store = new MongoStore(server.db);
    const dry = await runLoad({ ...request, dryRun: true }, store, files).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    const real = await runLoad(request, store, files).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    assert.match(dry, /cannot append to "cost_long": the times would no longer be one series/);
    assert.equal(dry, real);
  });
});
