import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editText, textField, type TextField } from '#ui/model/textField.js';
import { KeyDecoder } from '#ui/terminal/keys.js';

/** The field after typing `raw` as a terminal would send it. */
function type(raw: string, start: TextField = textField()): TextField {
  let field = start;
  for (const key of new KeyDecoder().push(raw)) field = editText(field, key) ?? field;
  return field;
}

describe('a text field', () => {
  it('inserts each key of a burst, at the cursor', () => {
    assert.deepEqual(type('abc'), { value: 'abc', cursor: 3 });
    assert.deepEqual(type('abc\u001b[D\u001b[DX'), { value: 'aXbc', cursor: 2 });
  });

  it('deletes three characters for three Backspaces in one read', () => {
    assert.equal(type('abcdef\u007f\u007f\u007f').value, 'abc');
  });

  it('edits as a shell does: Ctrl-A/E, Ctrl-U, Ctrl-W', () => {
    assert.deepEqual(type('path/to/file\u0001X'), { value: 'Xpath/to/file', cursor: 1 });
    assert.deepEqual(type('abc\u0001\u0005Z'), { value: 'abcZ', cursor: 4 });
    assert.equal(type('abc def\u0015').value, '');
    assert.equal(type('abc def\u0001\u001b[C\u0015').value, 'bc def');
    assert.equal(type('one two\u0017').value, 'one ');
    assert.equal(type('/data/casa/\u0017').value, '/data/');
  });

  it('deletes to the end on Ctrl-K, keeping the cursor where it is', () => {
    // "data/casa.mat", cursor moved 4 left (before ".mat"), Ctrl-K: ".mat" goes.
    assert.deepEqual(type('data/casa.mat\u001b[D\u001b[D\u001b[D\u001b[D\u000b'), {
      value: 'data/casa',
      cursor: 9,
    });
    assert.deepEqual(type('abc\u0001\u000b'), { value: '', cursor: 0 });
    assert.deepEqual(type('abc\u000b'), { value: 'abc', cursor: 3 });
  });

  it('never takes a control character into its value', () => {
    const field = type('a\u0007\u0018\u000eb');
    assert.equal(field.value, 'ab');
    assert.equal(editText(textField('x'), { id: 'enter' }), null);
    assert.equal(editText(textField('x'), { id: 'tab' }), null);
  });

  it('inserts a paste once, without its line break', () => {
    const decoder = new KeyDecoder();
    const [paste] = decoder.push('\u001b[200~/data/x.mat\n\u001b[201~');
    assert.deepEqual(editText(textField('>'), paste!), { value: '>/data/x.mat', cursor: 12 });
  });
});
