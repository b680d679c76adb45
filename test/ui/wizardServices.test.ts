/**
 * The wizard's services over an in-memory store and real files: the config check answers for
 * a folder as the CLI does, a folder is refused in the UI's words, `folder/*.mat` finds the
 * files `--pattern` would and reviews and loads them through the same operation, the dry run
 * counts the times an append brings that the dataset has, and Tab offers folders and loadable
 * files first. Expected values come from test/fixtures/flux/README.md or are written by hand.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { completePath } from '#adapters/files/completion.js';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import { describeForUi } from '#ui/errors.js';
import { FIXTURES } from '#test/support/fixtures.js';
import { copyCasa } from '#test/support/casaFiles.js';
import { useTempDir } from '#test/support/tempDir.js';

const temp = useTempDir('wizard-services');
const services = (store = new MemoryStore()) =>
  createUiServices(store, 'memory://', 'fluxvis', 'memory://');

describe("the wizard's services", () => {
  let batch = '';
  before(async () => {
    batch = path.join(temp.path, 'batch');
    await copyCasa(batch, 'casa_a', '2004-06-30T00:00:00');
    await copyCasa(batch, 'casa_b', '2004-07-01T00:00:00');
    await fs.mkdir(path.join(batch, 'casa_c.json')); // a folder where a config would be
    await fs.copyFile(`${FIXTURES}casagfed2004.mat`, path.join(batch, 'casa_c.mat.bak'));
  });

  it('answers the config check for a folder at once, as the CLI says it', async () => {
    const ui = services();
    assert.equal(await ui.checkConfig(temp.path), `${temp.path}: is a directory, not a file`);
    assert.equal(
      await ui.checkConfig(path.join(temp.path, 'none.json')),
      `config file ${path.join(temp.path, 'none.json')}: no such file`,
    );
    assert.equal(await ui.checkConfig(`${FIXTURES}casagfed2004.json`), null);
  });

  it('fills in a sibling .json that is a folder, for its check to say what is wrong', async () => {
    const ui = services();
    const sibling = path.join(batch, 'casa_c.json');
    assert.equal(await ui.siblingConfig(path.join(batch, 'casa_c.mat')), sibling);
    assert.equal(await ui.checkConfig(sibling), `${sibling}: is a directory, not a file`);
  });

  it('refuses to read a folder as a file, saying how to load its files', async () => {
    const error = await services()
      .inspectFile(batch)
      .then(
        () => null,
        (failure: unknown) => failure,
      );
    assert.equal(
      describeForUi(error).text,
      `${batch}/ is a folder: to load its files in name order, add a pattern for their names (${batch}/*.mat)`,
    );
  });

  it('finds the files of a pattern in name order, and says when none match', async () => {
    assert.deepEqual(await services().matchFiles(`${FIXTURES}*.mat`), [
      `${FIXTURES}casagfed2004.mat`,
      `${FIXTURES}kriged_xco2.mat`,
      `${FIXTURES}xco2.mat`,
    ]);
    const none = await services()
      .matchFiles(`${batch}/*.nc`)
      .then(
        () => null,
        (failure: unknown) => describeForUi(failure).text,
      );
    assert.equal(none, `${batch}/: no file matches *.nc`);
  });

  it("reviews a pattern's files (the first's dry run) and loads them all, each with its own config", async () => {
    const store = new MemoryStore();
    const ui = services(store);
    const request = {
      path: `${batch}/`,
      pattern: 'casa_*.mat',
      model: 'SpatioTemporalMatrix',
      name: 'batch',
      existing: 'error' as const,
    };
    const review = await ui.review(request);
    assert.deepEqual(review.files, [`${batch}/casa_a.mat`, `${batch}/casa_b.mat`]);
    // Fixture facts: 2635 cells, 8 steps 3 hours apart, from the timestamp of casa_a.json.
    assert.equal(review.mode, 'new');
    assert.equal(review.documents, 8);
    assert.equal(review.cells, 2635);
    assert.deepEqual(review.metadata.dates, ['2004-06-30T00:00:00', '2004-06-30T21:00:00']);
    assert.equal(review.configFile, `${batch}/casa_a.json`);
    const outcome = await ui.load(request, () => undefined, new AbortController().signal);
    assert.equal(outcome.result.written.documents, 16);
    assert.equal(outcome.result.written.values, 16 * 2635);
    assert.equal(await store.recordCount('batch'), 16);
    assert.deepEqual((await store.readMetadata('batch'))?.dates, [
      '2004-06-30T00:00:00',
      '2004-07-01T21:00:00',
    ]);
    assert.equal(outcome.notices[0], 'Loaded 2 files: casa_a.mat, casa_b.mat.');
  });

  it('stops a pattern at a file that fails, keeping those before it, and says how to go on', async () => {
    const folder = path.join(temp.path, 'broken');
    await copyCasa(folder, 'casa_a', '2004-06-30T00:00:00');
    await fs.copyFile(`${FIXTURES}casagfed2004.mat`, path.join(folder, 'casa_b.mat'));
    await fs.mkdir(path.join(folder, 'casa_b.json')); // its config cannot be read
    const store = new MemoryStore();
    const request = {
      path: folder,
      pattern: 'casa_*.mat',
      model: 'SpatioTemporalMatrix',
      name: 'b',
    };
    const failure = await services(store)
      .load(request, () => undefined, new AbortController().signal)
      .then(
        () => null,
        (error: unknown) => describeForUi(error).text,
      );
    assert.equal(
      failure,
      `${folder}/casa_b.json: is a directory, not a file (file 2 of 2; the 1 file before it was loaded; run it again and press s at the review to carry on)`,
    );
    assert.equal(await store.recordCount('b'), 8);
  });

  it('counts the times an append brings that the dataset has: none, or all 8', async () => {
    const store = new MemoryStore();
    const ui = services(store);
    const load = (file: string, existing: 'error' | 'skip') => ({
      path: file,
      model: 'SpatioTemporalMatrix',
      name: 'casa',
      existing,
    });
    await ui.load(
      load(`${batch}/casa_a.mat`, 'error'),
      () => undefined,
      new AbortController().signal,
    );
    const later = await ui.review(load(`${batch}/casa_b.mat`, 'error'));
    assert.equal(later.mode, 'append');
    assert.equal(later.existingTimes, 0);
    const again = await ui.review(load(`${batch}/casa_a.mat`, 'skip'));
    assert.equal(again.mode, 'append');
    assert.equal(again.existingTimes, 8);
  });

  it('offers folders first, then the files the field loads, then the rest', async () => {
    const folder = path.join(temp.path, 'mixed');
    await fs.mkdir(path.join(folder, 'sub'), { recursive: true });
    for (const name of ['a.txt', 'b.json', 'c.mat', 'd.h5', 'e.nc'])
      await fs.writeFile(path.join(folder, name), '');
    const names = async (kind: 'data' | 'config') =>
      (await completePath(`${folder}/`, kind)).map((found) => path.basename(found));
    assert.deepEqual(await names('data'), ['sub', 'c.mat', 'd.h5', 'e.nc', 'a.txt', 'b.json']);
    assert.deepEqual(await names('config'), ['sub', 'b.json', 'a.txt', 'c.mat', 'd.h5', 'e.nc']);
  });
});
