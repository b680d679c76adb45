import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrixExtent } from '#core/formats/loadable.js';
import { MODELS } from '#core/models/registry.js';
import type { ModelDefinition } from '#core/models/types.js';
import { modelProblem } from '#ui/model/wizard/state.js';

const model = (name: string) =>
  MODELS.find((candidate) => candidate.name === name) as ModelDefinition;

describe('a 1-D dataset is one column, in the wizard as in the loader', () => {
  it('matrixExtent: [n] is n rows of 1 column; [r, c] stays', () => {
    assert.deepEqual(matrixExtent([5]), { rows: 5, columns: 1 });
    assert.deepEqual(matrixExtent([5, 9]), { rows: 5, columns: 9 });
  });

  it('the wizard flags a 1-D variable with the loader’s words: 1 column, not 0', () => {
    const variable = { name: '/v', class: 'double', shape: [5], loadable: true };
    assert.match(modelProblem(model('XCO2Matrix'), variable) ?? '', /it has 1 columns/);
    assert.match(modelProblem(model('KrigedXCO2Matrix'), variable) ?? '', /it has 1 columns/);
  });
});
