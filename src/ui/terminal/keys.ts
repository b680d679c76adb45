/**
 * Terminal input as a sequence of keys. A terminal delivers whatever arrived in one read:
 * several typed keys, a pasted path with its newline, or key repeat on a slow SSH link all
 * come as one chunk, and each key in it must be acted on. Ink hands its `useInput` handlers
 * such a chunk as one string, so the UI decodes the chunks itself, here.
 *
 * A key is named by an id: the character itself for printable keys ("j", "G", "?"), or a
 * name: enter, escape, tab, shift+tab, backspace, delete, up, down, left, right, home, end,
 * pageup, pagedown, f1, space, ctrl+<letter>, meta+backspace. A bracketed paste (the terminal
 * marks pasted text when asked to) is one key, "paste", carrying the text.
 */
export interface Key {
  id: string;
  /** What the key types: the character, or the pasted text. Absent for keys that type nothing. */
  text?: string;
}

const ESC = '\u001b';
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

/**
 * How long an escape at the end of a read waits for the rest of its sequence. A sequence a
 * terminal sends in one write can still reach us in two reads (split by the pty or by SSH's
 * packets); its second part follows within a few milliseconds. Esc alone is acted on after
 * this wait, short enough not to be felt (vim's ttimeoutlen is 100 ms, ncurses' ESCDELAY is
 * often set to 25).
 */
export const ESCAPE_WAIT_MS = 50;

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
  '[11~': 'f1',
  '[[A': 'f1', // the Linux console
  '[Z': 'shift+tab',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  OH: 'home',
  OF: 'end',
  OP: 'f1',
};

/** A key sequence with modifiers, e.g. ESC [1;5A (Ctrl+Up), read as the plain key. */
const MODIFIED = /^\[1;\d+([A-DHFP])$/;

/**
 * The keys that mean something with Alt (ESC, then the key, in one write): Alt-Backspace
 * deletes a word in text fields. Any other key after an ESC is Esc, then that key: no screen
 * binds Alt, and an operator who presses Esc and then j quickly (or through tmux, which joins
 * them into one write when they come within its escape-time) means exactly that.
 */
const ALT_KEYS = new Set(['backspace']);

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

/** The keys of a whole escape sequence (see sequenceLength): one key, or Esc and a key. */
function escapeKeys(sequence: string): Key[] {
  const body = sequence.slice(1);
  if (body.startsWith('[') || body.startsWith('O')) {
    const named = SEQUENCES[body] ?? namedModified(body);
    return [{ id: named ?? 'unknown' }];
  }
  const keys = textKeys(body);
  const [inner] = keys;
  if (keys.length === 1 && inner && ALT_KEYS.has(inner.id)) return [{ id: `meta+${inner.id}` }];
  return [{ id: 'escape' }, ...keys];
}

function namedModified(body: string): string | undefined {
  const letter = MODIFIED.exec(body)?.[1];
  return letter ? (SEQUENCES[`[${letter}`] ?? SEQUENCES[`O${letter}`]) : undefined;
}

/**
 * The length of the escape sequence at the start of `text` (which starts with ESC), or null
 * when `text` ends before the sequence does (its rest may be in the next read). ESC before
 * another ESC is Esc on its own.
 */
function sequenceLength(text: string): number | null {
  const next = text[1];
  if (next === undefined) return null;
  if (next === '[') {
    // CSI: parameter and intermediate bytes, then one final byte (ESC [ [ A: the console's F1).
    let index = text[2] === '[' ? 3 : 2;
    while (index < text.length && /[\u0020-\u003f]/.test(text[index] as string)) index++;
    if (index >= text.length) return null;
    return /[\u0040-\u007e]/.test(text[index] as string) ? index + 1 : index;
  }
  if (next === 'O') return text.length < 3 ? null : 3;
  if (next === ESC) return 1;
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
 * Turns what the terminal delivers into keys, read by read (Ink's input events, or whole
 * reads: the decoder does not care how the bytes were cut). Escape sequences are kept whole
 * even when a read ends inside one: the part is held until the next read (`waiting`), or,
 * when none comes within ESCAPE_WAIT_MS, taken for what it is (`flush`: a lone ESC is Esc).
 * A bracketed paste is held until its end marker, however many reads it takes.
 */
export class KeyDecoder {
  private pasted: string | null = null;
  private held = '';

  /** The keys of one read. */
  push(chunk: string): Key[] {
    const text = this.held + chunk;
    this.held = '';
    return this.decode(text, false);
  }

  /** Something is held that the next read may complete: call `flush` if none comes soon. */
  get waiting(): boolean {
    return this.held !== '';
  }

  /** No more came: what is held is what it is (ESC alone is Esc; ESC [ is Esc, then "["). */
  flush(): Key[] {
    const text = this.held;
    this.held = '';
    return this.decode(text, true);
  }

  private decode(text: string, final: boolean): Key[] {
    const keys: Key[] = [];
    let rest = text;
    while (rest !== '') {
      if (this.pasted !== null) {
        const searchFrom = Math.max(0, this.pasted.length - PASTE_END.length);
        this.pasted += rest;
        const end = this.pasted.indexOf(PASTE_END, searchFrom);
        if (end === -1) return keys;
        rest = this.pasted.slice(end + PASTE_END.length);
        keys.push({ id: 'paste', text: this.pasted.slice(0, end) });
        this.pasted = null;
        continue;
      }
      const escape = rest.indexOf(ESC);
      if (escape === -1) {
        keys.push(...textKeys(rest));
        break;
      }
      keys.push(...textKeys(rest.slice(0, escape)));
      rest = rest.slice(escape);
      const length = sequenceLength(rest);
      if (length === null) {
        if (!final) {
          this.held = rest;
          break;
        }
        keys.push({ id: 'escape' });
        rest = rest.slice(1);
        continue;
      }
      if (rest.startsWith(PASTE_START)) {
        this.pasted = '';
        rest = rest.slice(PASTE_START.length);
        continue;
      }
      keys.push(...escapeKeys(rest.slice(0, length)));
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
