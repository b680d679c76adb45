/**
 * The audit screen and the metadata pane's advice, on the UI's real services over an
 * in-memory store: dates the quick audit could not check are shown (a clean audit that left
 * some unchecked does not look clean) with D as the way to check them; the pane, the audit's
 * tag and f's answer say the same of a dataset without metadata; the repair's question says
 * what the repair will do. Expected values are the fixture facts of test/fixtures/flux/README.md
 * (casagfed2004: 8 time steps 3 hours apart, one document each).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '#adapters/memory/MemoryStore.js';
import { createUiServices } from '#cli/uiServices.js';
import type { AuditReport, Finding } from '#core/operations/audit.js';
import { auditSummary, initialAudit } from '#ui/model/audit.js';
import { FERRETDB_V1, loadCasa } from '#test/support/casa.js';
import { KEYS, renderUi, waitForFrame, waitUntil } from '#test/support/ink.js';

async function storeWith(store: MemoryStore, ...names: string[]): Promise<MemoryStore> {
  for (const name of names) await loadCasa(store, name);
  return store;
}

const servicesOver = (store: MemoryStore) =>
  createUiServices(store, 'memory://', 'fluxvis', 'memory://');

/** The metadata pane's text, one line: each line from the column of the pane's title on. */
function paneText(frame: string, title: string): string {
  const lines = frame.split('\n');
  const column = lines[0]?.lastIndexOf(` ${title}`) ?? -1;
  assert.ok(column > 0, `the pane's title "${title}" is on the first line`);
  return lines
    .map((line) => line.slice(column).trim())
    .filter(Boolean)
    .join(' ');
}

describe('the audit screen: dates it could not check', () => {
  it('a clean audit that left dates unchecked says so, and D checks them', async () => {
    const store = await storeWith(new MemoryStore(FERRETDB_V1), 'casa', 'casa_july');
    // No sketch records the dates written with casa's data (as when another tool wrote it).
    await store.deleteStatsSketch('casa');
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa_july\s+8/);
      ui.type('a');
      const quick = await waitForFrame(ui.view, /Dates not checked on this server \(1\)/);
      assert.match(
        quick,
        /No inconsistencies found; dates of 1 dataset not checked \(D checks them\)/,
      );
      assert.doesNotMatch(quick, /No inconsistencies found!/);
      assert.match(
        quick,
        /Dates not checked on this server \(1\): D checks them\n> +dates of "casa" not checked against its data/,
      );
      assert.doesNotMatch(quick, /"casa_july" not checked/, 'its sketch vouches for its dates');

      // The row whole: the CLI's words, with the UI's key.
      ui.type(KEYS.enter);
      await waitForFrame(
        ui.view,
        /Dates not checked on this server for 1 dataset \(casa\): D \(the deep audit\)\s+checks them\./,
      );
      // f has nothing to repair there, and says why.
      ui.type('f');
      await waitForFrame(ui.view, /its dates were not checked, which is no finding: D checks them/);

      ui.type('D');
      const deep = await waitForFrame(ui.view, /No inconsistencies found!/);
      assert.doesNotMatch(deep, /Dates not checked/);
    } finally {
      ui.unmount();
    }
  });

  it('dates that disagree with the data are not found by the quick audit there, and are by D', async () => {
    const store = await storeWith(new MemoryStore(FERRETDB_V1), 'casa');
    await store.deleteStatsSketch('casa');
    const metadata = await store.readMetadata('casa');
    await store.writeMetadata({
      ...metadata!,
      dates: ['2005-06-30T00:00:00', '2005-06-30T21:00:00'],
    });
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa\s+8/);
      ui.type('a');
      await waitForFrame(ui.view, /No inconsistencies found; dates of 1 dataset not checked/);
      ui.type('D');
      const deep = await waitForFrame(ui.view, /Metadata that disagrees with the data \(1\)/);
      assert.match(deep, /Database audit complete: 1 inconsistency found\./);
      assert.doesNotMatch(deep, /Dates not checked/);
    } finally {
      ui.unmount();
    }
  });
});

describe('a dataset without metadata: the pane, the audit and f agree', () => {
  it('with its coord_index: the pane says the audit can rebuild it, and f does', async () => {
    const store = await storeWith(new MemoryStore(), 'casa', 'casa_lost');
    await store.deleteMetadata('casa_lost');
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa_lost\s+8/);
      ui.type('j');
      const pane = await waitForFrame(ui.view, /No metadata entry\. The audit \(a\) can/);
      assert.match(
        paneText(pane, 'casa_lost'),
        /^casa_lost No metadata entry\. The audit \(a\) can rebuild the metadata of "casa_lost" from its 8 documents, all but its title and units\. /,
      );
      ui.type('a');
      const report = await waitForFrame(ui.view, /Missing entries \(1\)/);
      assert.match(report, /> +missing metadata entry for collection ID "casa_lost"\n/);
      assert.doesNotMatch(report, /cannot repair/);
      ui.type('f');
      await waitForFrame(
        ui.view,
        /Rebuild the metadata of "casa_lost" from its 8 documents, all but its title and units\? \[y\/N\]/,
      );
      ui.type('y');
      await waitForFrame(ui.view, /FIXED: rebuilt the metadata of "casa_lost"/);
      assert.deepEqual((await store.readMetadata('casa_lost'))?.dates, [
        '2004-06-30T00:00:00',
        '2004-06-30T21:00:00',
      ]);
    } finally {
      ui.unmount();
    }
  });

  it('without its coord_index: the pane promises nothing, the audit tags it, f says why', async () => {
    const store = await storeWith(new MemoryStore(), 'casa', 'casa_lost');
    await store.deleteMetadata('casa_lost');
    await store.deleteCoordIndex('casa_lost');
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa_lost\s+8/);
      ui.type('j');
      const pane = await waitForFrame(ui.view, /No metadata entry, and the audit cannot/);
      assert.match(
        paneText(pane, 'casa_lost'),
        /^casa_lost No metadata entry, and the audit cannot rebuild it: its grid is lost with its coord_index; reload the dataset\. /,
      );
      assert.doesNotMatch(pane, /repairs it|can rebuild/);
      ui.type('a');
      const report = await waitForFrame(ui.view, /Missing entries \(2\)/);
      assert.match(
        report,
        /> +missing metadata entry for collection ID "casa_lost" {2}\[cannot repair\]/,
      );
      ui.type('f');
      await waitForFrame(
        ui.view,
        /cannot repair this: its grid is lost with its coord_index; reload the dataset/,
      );
      assert.equal(await store.readMetadata('casa_lost'), null);
    } finally {
      ui.unmount();
    }
  });
});

describe('the repair question says what the repair will do', () => {
  it('F: each row says what its repair will do, or why it is left alone', async () => {
    const store = await storeWith(new MemoryStore(), 'casa', 'casa_lost');
    await store.deleteMetadata('casa_lost');
    await store.deleteCoordIndex('casa_lost');
    await store.writeCoordIndex('ghost', [[0.5, 0.5]]);
    await store.insertDocuments('_fluxmanage_stage_feed', [{ _id: 1 }]);
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa_lost\s+8/);
      ui.type('a');
      await waitForFrame(ui.view, /Database audit complete: 4 inconsistencies found\./);
      ui.type('F');
      const plan = await waitForFrame(ui.view, /Make 2 repairs as listed above/);
      assert.match(plan, /What F will do, finding by finding/);
      assert.match(
        plan,
        /left alone \("casa_lost"\): its grid is lost with its coord_index; reload the dataset/,
      );
      assert.match(plan, /will delete the coord_index entry of "ghost", whose dataset is gone/);
      assert.match(plan, /will drop the leftover collection "_fluxmanage_stage_feed"/);
      // The list still moves while F asks; the selected row is shown whole below it.
      ui.type('j');
      await waitForFrame(
        ui.view,
        /─+\n missing coord_index entry for collection ID "casa_lost"\n left alone/,
      );
      ui.type('n');
      const asked = await waitForFrame(ui.view, /F repair all/);
      assert.doesNotMatch(asked, /will delete/);
      assert.equal(await store.collectionExists('_fluxmanage_stage_feed'), true, 'n: nothing done');

      ui.type('Fy');
      const done = await waitForFrame(ui.view, /Last repair \(2\)/);
      assert.match(done, /FIXED: deleted the coord_index entry of "ghost"/);
      assert.match(done, /FIXED: dropped "_fluxmanage_stage_feed"/);
      assert.match(done, /Database audit complete: 2 inconsistencies found\./);
    } finally {
      ui.unmount();
    }
  });

  it('Esc and Ctrl-C while F asks: Esc says no; Ctrl-C quits without repairing', async () => {
    const store = await storeWith(new MemoryStore(), 'casa');
    await store.writeCoordIndex('ghost', [[0.5, 0.5]]);
    const ui = renderUi(servicesOver(store));
    try {
      await waitForFrame(ui.view, /casa\s+8/);
      ui.type('a');
      await waitForFrame(ui.view, /1 inconsistency found/);
      ui.type('F');
      await waitForFrame(ui.view, /Make 1 repair as listed above/);
      ui.type(KEYS.escape);
      await waitForFrame(ui.view, /Database audit complete: 1 inconsistency found\./);
      ui.type('F');
      await waitForFrame(ui.view, /Make 1 repair as listed above/);
      ui.type(KEYS.ctrlC);
      await waitUntil(() => ui.exits.length > 0, { what: 'the exit of Ctrl-C' });
      assert.deepEqual(ui.exits, [130]);
      assert.deepEqual(await store.listCoordIndexIds(), ['casa', 'ghost']);
    } finally {
      ui.unmount();
    }
  });
});

describe("the audit's one-line summary", () => {
  const audit = (report: AuditReport) => ({ ...initialAudit(1), status: 'ready' as const, report });
  const finding = (kind: Finding['kind']): Finding => ({
    kind,
    dataset: 'x',
    message: 'm',
    fixable: kind !== 'busy',
  });

  it("clean, with nothing unchecked: the CLI's words, as a success", () => {
    assert.deepEqual(auditSummary(audit({ findings: [], clean: true, datesUnchecked: [] })), {
      text: 'No inconsistencies found!',
      tone: 'success',
    });
  });

  it('clean, with dates left unchecked: a warning naming how many, and D', () => {
    const report = { findings: [finding('busy')], clean: true, datesUnchecked: ['a', 'b'] };
    assert.deepEqual(auditSummary(audit(report)), {
      text: 'No inconsistencies found; dates of 2 datasets not checked (D checks them)',
      tone: 'warning',
    });
  });

  it('findings (a busy dataset is none), with and without dates left unchecked', () => {
    const findings = [finding('leftover'), finding('busy'), finding('stale-metadata')];
    assert.equal(
      auditSummary(audit({ findings, clean: false, datesUnchecked: [] })).text,
      'Database audit complete: 2 inconsistencies found.',
    );
    assert.equal(
      auditSummary(audit({ findings, clean: false, datesUnchecked: ['a'] })).text,
      'Database audit complete: 2 inconsistencies; dates of 1 dataset not checked (D)',
    );
  });
});
