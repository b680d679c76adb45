import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyDecoder, pastedText } from '#ui/terminal/keys.js';

/** The keys of `chunks` read one after the other, then nothing more for a while. */
const ids = (chunks: string[]) => {
  const decoder = new KeyDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.flush()].map(
    (key) => key.id,
  );
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
    assert.deepEqual(ids(['\u001b\u001b\u001b[A']), ['escape', 'escape', 'up']);
    assert.deepEqual(ids(['\u001b[1;5A']), ['up']);
  });

  it('reads F1 as xterm (SS3 P), VT220 (CSI 11~) and the Linux console (CSI [A) send it', () => {
    assert.deepEqual(ids(['\u001bOP\u001b[11~\u001b[[A\u001b[1;2P']), ['f1', 'f1', 'f1', 'f1']);
  });

  it('reads Esc and a key in one read as Esc, then the key (no screen binds Alt)', () => {
    assert.deepEqual(ids(['\u001bj']), ['escape', 'j']);
    assert.deepEqual(ids(['\u001bq\u001b:']), ['escape', 'q', 'escape', ':']);
    assert.deepEqual(ids(['\u001b\r']), ['escape', 'enter']);
    assert.deepEqual(ids(['\u001b ']), ['escape', 'space']);
    // Alt-Backspace deletes a word in text fields: it stays one key.
    assert.deepEqual(ids(['\u001b\u007f']), ['meta+backspace']);
    // The key keeps what it types.
    assert.deepEqual(new KeyDecoder().push('\u001bé'), [{ id: 'escape' }, { id: 'é', text: 'é' }]);
  });

  it('keeps a sequence whole when a read ends inside it', () => {
    assert.deepEqual(ids(['\u001b', '[A']), ['up']);
    assert.deepEqual(ids(['\u001b[', 'A']), ['up']);
    assert.deepEqual(ids(['j\u001b[5', '~k']), ['j', 'pageup', 'k']);
    assert.deepEqual(ids(['\u001bO', 'P']), ['f1']);
    assert.deepEqual(ids(['\u001b[1;5', 'B']), ['down']);
    assert.deepEqual(ids(['\u001b', '\u001b', '[6~']), ['escape', 'pagedown']);
  });

  it('holds an escape at the end of a read until the next read, or until flushed', () => {
    const decoder = new KeyDecoder();
    assert.deepEqual(decoder.push('j\u001b'), [{ id: 'j', text: 'j' }]);
    assert.equal(decoder.waiting, true);
    assert.deepEqual(decoder.flush(), [{ id: 'escape' }]);
    assert.equal(decoder.waiting, false);
    assert.deepEqual(decoder.flush(), []);
    // ESC [ with nothing after it for a while: Esc, then "[" typed.
    assert.deepEqual(decoder.push('\u001b['), []);
    assert.deepEqual(decoder.flush(), [{ id: 'escape' }, { id: '[', text: '[' }]);
    // Nothing is held after a whole sequence.
    decoder.push('\u001b[A');
    assert.equal(decoder.waiting, false);
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

  it('keeps a bracketed paste whole when a read ends inside its start or end marker', () => {
    const decoder = new KeyDecoder();
    assert.deepEqual(decoder.push('\u001b[20'), []);
    assert.deepEqual(decoder.push('0~abc\u001b[20'), []);
    assert.deepEqual(decoder.push('1~q'), [
      { id: 'paste', text: 'abc' },
      { id: 'q', text: 'q' },
    ]);
    assert.deepEqual(ids(['\u001b[200~x\u001b', '[201~']), ['paste']);
    // An ESC inside pasted text is text, not Esc.
    assert.deepEqual(new KeyDecoder().push('\u001b[200~a\u001bjb\u001b[201~'), [
      { id: 'paste', text: 'a\u001bjb' },
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
