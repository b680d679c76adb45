import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyDecoder, pastedText } from '#ui/terminal/keys.js';

const ids = (chunks: string[]) => {
  const decoder = new KeyDecoder();
  return chunks.flatMap((chunk) => decoder.push(chunk)).map((key) => key.id);
};

describe('reading keys from the terminal', () => {
  it('splits a chunk of several keys into each key', () => {
    assert.deepEqual(ids(['jjj']), ['j', 'j', 'j']);
    assert.deepEqual(ids(['\u007f\u007f\u007f']), ['backspace', 'backspace', 'backspace']);
    assert.deepEqual(ids(['cas\t']), ['c', 'a', 's', 'tab']);
  });

  it('reads a typed path and its Enter as the path, then Enter (CR, LF or CR LF)', () => {
    assert.deepEqual(ids(['/a.mat\r']), ['/', 'a', '.', 'm', 'a', 't', 'enter']);
    assert.deepEqual(ids(['x\n']), ['x', 'enter']);
    assert.deepEqual(ids(['x\r\ny']), ['x', 'enter', 'y']);
  });

  it('names control keys, and never types them', () => {
    const decoder = new KeyDecoder();
    const keys = decoder.push('\u0001\u0005\u0015\u0017\u0003');
    assert.deepEqual(
      keys.map((key) => key.id),
      ['ctrl+a', 'ctrl+e', 'ctrl+u', 'ctrl+w', 'ctrl+c'],
    );
    assert.ok(keys.every((key) => key.text === undefined));
  });

  it('reads escape sequences inside a chunk, and a lone ESC as Escape', () => {
    assert.deepEqual(ids(['\u001b[A\u001b[B\u001b[5~\u001b[6~\u001b[H\u001b[F']), [
      'up',
      'down',
      'pageup',
      'pagedown',
      'home',
      'end',
    ]);
    assert.deepEqual(ids(['\u001bOA\u001b[1~\u001b[4~\u001b[3~']), ['up', 'home', 'end', 'delete']);
    assert.deepEqual(ids(['j\u001b[Bk']), ['j', 'down', 'k']);
    assert.deepEqual(ids(['\u001b']), ['escape']);
    assert.deepEqual(ids(['\u001b\u001b']), ['escape', 'escape']);
    assert.deepEqual(ids(['\u001b\u001b\u001b[A']), ['escape', 'up']);
    assert.deepEqual(ids(['\u001b[1;5A']), ['up']);
    assert.deepEqual(ids(['\u001bb', '\u001b\u007f']), ['meta+b', 'meta+backspace']);
  });

  it('keeps a bracketed paste together, across chunks, as one key with its text', () => {
    const decoder = new KeyDecoder();
    assert.deepEqual(decoder.push('a\u001b[200~/data/x'), [{ id: 'a', text: 'a' }]);
    assert.deepEqual(decoder.push('.mat\n'), []);
    assert.deepEqual(decoder.push('\u001b[201~q'), [
      { id: 'paste', text: '/data/x.mat\n' },
      { id: 'q', text: 'q' },
    ]);
  });

  it('inserts pasted text without control characters or line breaks', () => {
    assert.equal(pastedText('/data/x.mat\r\n'), '/data/x.mat');
    assert.equal(pastedText('a\tb\u0007c'), 'abc');
  });

  it('types printable characters, space and non-ASCII ones', () => {
    const decoder = new KeyDecoder();
    assert.deepEqual(decoder.push('é 😀'), [
      { id: 'é', text: 'é' },
      { id: 'space', text: ' ' },
      { id: '😀', text: '😀' },
    ]);
  });
});
