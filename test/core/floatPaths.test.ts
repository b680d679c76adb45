import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { floatsUnder, jsonFloatPaths } from '#core/config/floatPaths.js';
import { readLiteral } from '#core/config/literal.js';
import { python } from '#test/support/python.js';

/** Python's own answer: the paths of the values its parser made floats. */
const PYTHON_FLOAT_PATHS = [
  'import ast',
  'def paths(v, at):',
  '    if isinstance(v, float): yield ".".join(at)',
  '    elif isinstance(v, dict):',
  '        for k, x in v.items(): yield from paths(x, at + [str(k)])',
  '    elif isinstance(v, (list, tuple)):',
  '        for i, x in enumerate(v): yield from paths(x, at + [str(i)])',
  'parse = json.loads if data["json"] else ast.literal_eval',
  'emit([sorted(paths(parse(t), [])) for t in data["texts"]])',
].join('\n');

const sorted = (paths: string[]) => [...paths].sort();

describe('numbers written as floats are found where Python finds them', () => {
  it('in JSON config files', async () => {
    const texts = [
      '{"gridres": {"units": "degrees", "x": 1.0, "y": 1}, "steps": [10800], "a": 1e3}',
      '[0, -0.0, 0.5, 1E2, 1e-2, -7, "1.0", {"k.": [2.50, [3, 4.0]]}]',
      '{"nested": {"deeper": {"x": 2.0}}, "text": "a \\" 1.0", "empty": {}, "list": []}',
      ' 3.0 ',
      '12',
    ];
    const expected = await python<string[][]>(PYTHON_FLOAT_PATHS, { json: true, texts });
    texts.forEach((text, index) =>
      assert.deepEqual(sorted(jsonFloatPaths(text)), expected[index], text),
    );
  });

  it('in -o literals, through parentheses and tuples', async () => {
    const texts = [
      "{'units': 'degrees', 'x': 1, 'y': 2.0}",
      '[1, 2e0, (3.5), (4.0,), ((5.0)), ([6.0],)]',
      "{'a': {'b': (1., .5, 7)}, 'c': 1_000.0, 'd': 0x10}",
      '(1.0)',
      '-0.0',
      '5',
    ];
    const expected = await python<string[][]>(PYTHON_FLOAT_PATHS, { json: false, texts });
    texts.forEach((text, index) =>
      assert.deepEqual(sorted(readLiteral(text, 0).floats), expected[index], text),
    );
  });

  it('are taken relative to a key', () => {
    const paths = ['gridres.x', 'gridres.y', 'grid', 'gridresx', 'spans.0'];
    assert.deepEqual(floatsUnder(paths, 'gridres'), ['x', 'y']);
    assert.deepEqual(floatsUnder(paths, 'grid'), ['']);
    assert.deepEqual(floatsUnder(paths, 'steps'), []);
  });
});
