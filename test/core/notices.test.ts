import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '#core/operations/audit.js';
import type { LoadResult } from '#core/operations/load/execute.js';
import {
  coordIndexWarning,
  findingAdvice,
  finishedByEarlierRun,
  interruptedSummary,
  recoveryNotice,
} from '#core/operations/notices.js';
import type { ServerInfo } from '#core/store.js';
import { plural } from '#core/text/plural.js';

const ferret: ServerInfo = {
  version: '7.0.42',
  engine: 'ferretdb',
  engineVersion: 'v1.24.2',
  nestedArrays: false,
  indexedTimes: false,
};
const mongo: ServerInfo = {
  version: '7.0.14',
  engine: 'mongodb',
  nestedArrays: true,
  indexedTimes: true,
};

/** A load result with only what the notices read set to something meaningful. */
function loadResult(
  patch: Partial<LoadResult> & { file?: string },
): LoadResult & { file?: string } {
  return {
    dataset: 'casa',
    mode: 'new',
    dryRun: false,
    documents: 4,
    values: 12,
    warnings: [],
    written: { documents: 4, values: 12, bytes: 100 },
    skipped: [],
    replaced: [],
    metadata: { _id: 'casa' },
    recovered: null,
    pendingRecovery: null,
    elapsedMs: 10,
    ...patch,
  };
}

describe('plural', () => {
  it('puts the count before the noun, singular only for exactly one', () => {
    assert.equal(plural(1, 'document'), '1 document');
    assert.equal(plural(2, 'document'), '2 documents');
    assert.equal(plural(0, 'document'), '0 documents');
    assert.equal(plural(1, 'dataset has', 'datasets have'), '1 dataset has');
    assert.equal(plural(3, 'dataset has', 'datasets have'), '3 datasets have');
  });
});

describe('coordIndexWarning', () => {
  const warning =
    'this server is FerretDB v1.24.2: coord_index was stored with its [x, y] pairs packed as binary doubles (it takes no arrays of arrays), which the Carbon Data Explorer cannot read (docs/ferretdb.md)';

  it('warns after a new dataset was written on a server without nested arrays', () => {
    assert.equal(coordIndexWarning(ferret, [{ mode: 'new', dryRun: false }]), warning);
    assert.equal(
      coordIndexWarning(ferret, [
        { mode: 'append', dryRun: false },
        { mode: 'new', dryRun: false },
      ]),
      warning,
    );
  });

  it('says nothing for a dry run, an append, no results or a server with nested arrays', () => {
    assert.equal(coordIndexWarning(ferret, [{ mode: 'new', dryRun: true }]), null);
    assert.equal(coordIndexWarning(ferret, [{ mode: 'append', dryRun: false }]), null);
    assert.equal(coordIndexWarning(ferret, []), null);
    assert.equal(coordIndexWarning(mongo, [{ mode: 'new', dryRun: false }]), null);
  });
});

describe('recoveryNotice', () => {
  it('an earlier run of this very load had written everything', () => {
    const result = loadResult({
      file: 'casa.mat',
      written: { documents: 0, values: 0, bytes: 0 },
      recovered: { dataset: 'casa', action: 'released', detail: 'x', complete: true },
    });
    assert.equal(finishedByEarlierRun(result), true);
    assert.equal(
      recoveryNotice(result),
      'casa.mat: already loaded into "casa" by an earlier run of this load, which was interrupted after writing everything.',
    );
  });

  it('an interrupted operation was recovered before this load', () => {
    const result = loadResult({
      recovered: {
        dataset: 'casa',
        action: 'undone',
        detail: 'removed the partly loaded new dataset',
      },
    });
    assert.equal(finishedByEarlierRun(result), false);
    assert.equal(
      recoveryNotice(result),
      'Recovered an interrupted operation on "casa": removed the partly loaded new dataset.',
    );
  });

  it('a dry run tells what the real run will recover; a plain load says nothing', () => {
    const pending = 'An earlier load of "casa" (...) was interrupted; its leftover will be undone';
    assert.equal(recoveryNotice(loadResult({ dryRun: true, pendingRecovery: pending })), pending);
    assert.equal(recoveryNotice(loadResult({ dryRun: true })), null);
    assert.equal(recoveryNotice(loadResult({})), null);
  });
});

describe('findingAdvice', () => {
  const finding = (patch: Partial<Finding>): Finding => ({
    kind: 'missing-coord-index',
    dataset: 'd',
    message: 'm',
    fixable: false,
    ...patch,
  });

  it('gives the advice of a finding the repair cannot fix', () => {
    assert.equal(
      findingAdvice(finding({ advice: 'its grid is lost with it; reload the dataset' })),
      'its grid is lost with it; reload the dataset',
    );
  });

  it('has none for a repairable finding, a busy dataset, or a finding without advice', () => {
    assert.equal(findingAdvice(finding({ fixable: true, advice: 'unused' })), null);
    assert.equal(findingAdvice(finding({ kind: 'busy' })), null);
    assert.equal(findingAdvice(finding({})), null);
  });
});

describe('interruptedSummary', () => {
  const listed = (names: string[]) => (name: string) => names.includes(name);

  it('says nothing when nothing is held', () => {
    assert.equal(interruptedSummary([], listed([])), null);
  });

  it('names a held dataset the list marks, and says it is marked', () => {
    assert.equal(
      interruptedSummary(['casa'], listed(['casa', 'kriged'])),
      '"casa" (marked !): operation running or interrupted; see the audit',
    );
  });

  it('names a held dataset the list cannot show, saying it is not there', () => {
    assert.equal(
      interruptedSummary(['casa_new'], listed(['kriged'])),
      '"casa_new" (not in the list): operation running or interrupted; see the audit',
    );
  });

  it('counts many, and still names the ones not in the list', () => {
    assert.equal(
      interruptedSummary(['a', 'b', 'c', 'new'], listed(['a', 'b', 'c'])),
      '4 datasets ("new" not in the list, 3 marked !): operation running or interrupted; see the audit',
    );
    assert.equal(
      interruptedSummary(['a', 'n1', 'n2'], listed(['a'])),
      '3 datasets ("n1" and "n2" not in the list, 1 marked !): operation running or interrupted; see the audit',
    );
    assert.equal(
      interruptedSummary(['x', 'y'], listed([])),
      '"x" and "y" (not in the list): operation running or interrupted; see the audit',
    );
  });
});
