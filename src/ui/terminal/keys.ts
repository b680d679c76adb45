/**
 * Terminal input as a sequence of keys. A terminal delivers whatever arrived in one read:
 * several typed keys, a pasted path with its newline, or key repeat on a slow SSH link all
 * come as one chunk, and each key in it must be acted on. Ink hands its `useInput` handlers
 * such a chunk as one string, so the UI decodes the chunks itself, here.
 *
 * A key is named by an id: the character itself for printable keys ("j", "G", "?"), or a
 * name: enter, escape, tab, shift+tab, backspace, delete, up, down, left, right, home, end,
 * pageup, pagedown, space, ctrl+<letter>, meta+<key>. A bracketed paste (the terminal marks
 * pasted text when asked to) is one key, "paste", carrying the text.
 */
export interface Key {
  id: string;
  /** What the key types: the character, or the pasted text. Absent for keys that type nothing. */
  text?: string;
}

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

/** CSI and SS3 sequences, without their ESC, of the keys the UI uses. */
const SEQUENCES: Record<string, string> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  '[H': 'home',
  '[F': 'end',
  '[1~': 'home',
  '[4~': 'end',
  '[7~': 'home',
  '[8~': 'end',
  '[2~': 'insert',
  '[3~': 'delete',
  '[5~': 'pageup',
  '[6~': 'pagedown',
  '[Z': 'shift+tab',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  OH: 'home',
  OF: 'end',
};

/** A key sequence with modifiers, e.g. ESC [1;5A (Ctrl+Up), read as the plain key. */
const MODIFIED = /^\[1;\d+([A-DHF])$/;

function controlKey(code: number): Key {
  switch (code) {
    case 0x08:
    case 0x7f:
      return { id: 'backspace' };
    case 0x09:
      return { id: 'tab' };
    case 0x0a:
    case 0x0d:
      return { id: 'enter' };
    case 0x1b:
      return { id: 'escape' };
    default:
      if (code >= 0x01 && code <= 0x1a) return { id: `ctrl+${String.fromCharCode(code + 0x60)}` };
      return { id: 'unknown' };
  }
}

function printable(char: string): Key {
  return char === ' ' ? { id: 'space', text: ' ' } : { id: char, text: char };
}

function escapeSequence(sequence: string): Key {
  const body = sequence.slice(1);
  if (body === '') return { id: 'escape' };
  if (body.startsWith('\u001b')) return escapeSequence(body);
  const named = SEQUENCES[body] ?? SEQUENCES[`[${MODIFIED.exec(body)?.[1] ?? '?'}`];
  if (named) return { id: named };
  if (body.startsWith('[') || (body.startsWith('O') && body.length === 2)) return { id: 'unknown' };
  // ESC followed by a key: the Alt (meta) modifier.
  const inner = textKeys(body)[0] ?? { id: 'unknown' };
  return { id: `meta+${inner.id}` };
}

/** The length of the escape sequence at the start of `text` (which starts with ESC). */
function sequenceLength(text: string): number {
  const next = text[1];
  if (next === undefined) return 1;
  if (next === '[') {
    // CSI: parameter and intermediate bytes, then one final byte.
    let index = 2;
    while (index < text.length && /[\u0020-\u003f]/.test(text[index] as string)) index++;
    return Math.min(text.length, index + 1);
  }
  if (next === 'O') return Math.min(text.length, 3);
  // ESC before a sequence is Alt with that key; ESC ESC alone is Esc pressed twice.
  if (next === '\u001b')
    return text[2] === '[' || text[2] === 'O' ? 1 + sequenceLength(text.slice(1)) : 1;
  return 1 + ([...text.slice(1)][0] ?? '').length;
}

/** Splits text without escape sequences into one key per character; CR LF is one Enter. */
function textKeys(text: string): Key[] {
  const keys: Key[] = [];
  const chars = [...text];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] as string;
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) {
      keys.push(controlKey(code));
      if (code === 0x0d && chars[index + 1] === '\n') index++;
    } else if (code >= 0x80 && code <= 0x9f) {
      continue; // C1 controls type nothing
    } else {
      keys.push(printable(char));
    }
  }
  return keys;
}

/**
 * Decodes the strings Ink's input parser emits (a run of text, one escape sequence, or a
 * lone ESC) into keys. Keeps state across calls only for a bracketed paste in progress.
 */
export class KeyDecoder {
  private pasted: string | null = null;

  push(chunk: string): Key[] {
    if (this.pasted !== null) {
      const end = chunk.indexOf(PASTE_END);
      if (end === -1) {
        this.pasted += chunk;
        return [];
      }
      const text = this.pasted + chunk.slice(0, end);
      this.pasted = null;
      return [{ id: 'paste', text }, ...this.push(chunk.slice(end + PASTE_END.length))];
    }
    const keys: Key[] = [];
    let rest = chunk;
    while (rest !== '') {
      if (rest.startsWith(PASTE_START)) {
        this.pasted = '';
        return [...keys, ...this.push(rest.slice(PASTE_START.length))];
      }
      const escape = rest.indexOf('\u001b');
      if (escape === -1) {
        keys.push(...textKeys(rest));
        break;
      }
      keys.push(...textKeys(rest.slice(0, escape)));
      rest = rest.slice(escape);
      if (rest.startsWith(PASTE_START)) continue;
      const length = sequenceLength(rest);
      keys.push(escapeSequence(rest.slice(0, length)));
      rest = rest.slice(length);
    }
    return keys;
  }
}

/** Text as a paste would insert it into a one-line field: no control characters, no newlines. */
export function pastedText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, '');
}
