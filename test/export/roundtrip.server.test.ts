/**
 * export and verify through the CLI on a real server: a dataset exported and loaded again
 * with no other option is the same, document for document, BSON types included (every
 * document, metadata entry and coord_index entry compared as the bytes the server holds, its
 * _id aside); verify's exit status is cmp's. Fixture facts: test/fixtures/flux/README.md.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { BSON, type Document } from 'mongodb';
import { runFluxManage } from '#test/support/cli.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('exportroundtrip');
const temp = useTempDir('exportroundtrip');

const cli = async (...args: string[]) => runFluxManage(args, { env: server.env });
const ok = async (...args: string[]) => {
  const result = await cli(...args);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return result;
};

/** A document's bytes as the server holds it, its _id left out (names and ObjectIds differ). */
const bytesOf = ({ _id, ...rest }: Document) =>
  Buffer.from(
    BSON.serialize(_id instanceof Date || typeof _id === 'number' ? { _id, ...rest } : rest),
  ).toString('hex');

async function rawDataset(name: string) {
  const raw = { promoteValues: false } as const;
  const documents = (await server.db.collection(name).find({}, raw).toArray()).map(bytesOf).sort();
  const entry = async (collection: string) => {
    const document = await server.db.collection(collection).findOne({ _id: name as never }, raw);
    return document ? bytesOf(document) : null;
  };
  return {
    documents,
    metadata: await entry('metadata'),
    coordIndex: await entry('coord_index'),
  };
}

const FIXTURES_LOADED = [
  ['casagfed2004.mat', 'SpatioTemporalMatrix', 'timestamp=2004-06-30T00:00:00', false],
  ['kriged_xco2.mat', 'KrigedXCO2Matrix', 'timestamp=2009-06-15', true],
  ['xco2.mat', 'XCO2Matrix', 'timestamp=2009-06-15', false],
] as const;

describe('export through the CLI: the same dataset again, BSON types included', () => {
  for (const [file, model, overrides, folder] of FIXTURES_LOADED) {
    for (const format of ['mat', 'h5'] as const) {
      it(`${file} as .${format}`, async () => {
        const name = `${model.toLowerCase()}_${format}`;
        await ok(
          'load',
          '-p',
          `${FIXTURES}${file}`,
          '-m',
          model,
          '-n',
          name,
          '-o',
          overrides,
          '-q',
        );
        const target = folder ? temp.file(name) : temp.file(`${name}.${format}`);
        const exported = await ok(
          'export',
          '-n',
          name,
          '-o',
          target,
          '--json',
          ...(folder ? ['--format', format] : []),
        );
        const result = JSON.parse(exported.stdout) as { load: { pattern?: string } };
        await ok(
          'load',
          '-p',
          target,
          '-m',
          model,
          '-n',
          `${name}_again`,
          '-q',
          ...(result.load.pattern ? ['--pattern', result.load.pattern] : []),
        );
        assert.deepEqual(await rawDataset(`${name}_again`), await rawDataset(name));
      });
    }
  }

  it('never overwrites without --force, and a missing dataset writes nothing', async () => {
    const target = temp.file('taken.mat');
    await fs.writeFile(target, 'keep');
    await ok(
      'load',
      '-p',
      `${FIXTURES}casagfed2004.mat`,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      'taken',
      '-q',
    );
    const refused = await cli('export', '-n', 'taken', '-o', target);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /exists; choose another path, or give --force/);
    assert.equal(await fs.readFile(target, 'utf8'), 'keep');
    const missing = await cli('export', '-n', 'nope', '-o', temp.file('nope.mat'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no dataset "nope"/);
    await assert.rejects(fs.access(temp.file('nope.mat')));
  });
});

describe('verify through the CLI: exit 0 equal, 1 different, 2 could not compare', () => {
  const casa = `${FIXTURES}casagfed2004.mat`;
  const loadCasa = (name: string) =>
    ok(
      'load',
      '-p',
      casa,
      '-m',
      'SpatioTemporalMatrix',
      '-n',
      name,
      '-o',
      'timestamp=2004-06-30T00:00:00',
      '-q',
    );

  it('equal: exit 0', async () => {
    await loadCasa('verified');
    const result = await cli(
      'verify',
      '-n',
      'verified',
      '-p',
      casa,
      '-o',
      'timestamp=2004-06-30T00:00:00',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /8 times in the file, 8 compared; 21080 values compared, 0 differ/);
    assert.match(result.stdout, /^Equal/m);
  });

  it('one changed value: exit 1, naming its time, cell and both values', async () => {
    await loadCasa('changed');
    const time = new Date('2004-06-30T06:00:00Z');
    const documents = server.db.collection<{ _id: Date; values: Array<number | null> }>('changed');
    const stored = await documents.findOne({ _id: time });
    await documents.updateOne({ _id: time }, { $set: { 'values.1': 42.25 } });
    const result = await cli(
      'verify',
      '-n',
      'changed',
      '-p',
      casa,
      '-o',
      'timestamp=2004-06-30T00:00:00',
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `2004-06-30T06:00:00 values cell 1 \\(-165\\.5, 61\\.5\\): stored 42\\.25, file ${String(stored?.values[1])}`,
      ),
    );
    const json = JSON.parse(
      (
        await cli(
          'verify',
          '-n',
          'changed',
          '-p',
          casa,
          '-o',
          'timestamp=2004-06-30T00:00:00',
          '--json',
        )
      ).stdout,
    ) as { equal: boolean; valuesDiffering: number };
    assert.deepEqual([json.equal, json.valuesDiffering], [false, 1]);
  });

  it('no such dataset, or a file that is not data: exit 2', async () => {
    const missing = await cli(
      'verify',
      '-n',
      'nope',
      '-p',
      casa,
      '-o',
      'timestamp=2004-06-30T00:00:00',
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no dataset "nope"/);
    await loadCasa('badfile');
    const junk = temp.file('junk.mat');
    await fs.writeFile(junk, 'not a MAT file at all');
    const bad = await cli(
      'verify',
      '-n',
      'badfile',
      '-p',
      junk,
      '-o',
      'timestamp=2004-06-30T00:00:00',
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /junk\.mat/);
  });
});
