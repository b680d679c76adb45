import { pastedText, type Key } from '../terminal/keys.js';

/** A one-line text field: its value and the cursor (an index into the value's characters). */
export interface TextField {
  value: string;
  cursor: number;
}

export function textField(value = ''): TextField {
  return { value, cursor: [...value].length };
}

const isWordChar = (char: string | undefined) => char !== undefined && !/[\s/;=]/.test(char);

/**
 * The field after an editing key, or null when the key does not edit text (Enter, Esc, Tab,
 * up and down are the screen's). Keys as in a shell: Ctrl-A/E or Home/End to the ends,
 * Ctrl-U deletes to the start, Ctrl-K to the end, Ctrl-W (or Alt-Backspace) the word before
 * the cursor; a paste inserts its text without control characters. Nothing needs Ctrl-B
 * (tmux's prefix) or Ctrl-H/J/L (often tmux's pane keys), which may never arrive; Ctrl-K is
 * the shell's key to delete to the end, and where a tmux setup takes it, Delete remains.
 */
export function editText(field: TextField, key: Key): TextField | null {
  const chars = [...field.value];
  const at = Math.min(field.cursor, chars.length);
  const make = (next: string[], cursor: number): TextField => ({
    value: next.join(''),
    cursor: Math.max(0, Math.min(cursor, next.length)),
  });
  const insert = (text: string) => {
    const added = [...text];
    return make([...chars.slice(0, at), ...added, ...chars.slice(at)], at + added.length);
  };
  switch (key.id) {
    case 'paste':
      return insert(pastedText(key.text ?? ''));
    case 'backspace':
      return at === 0 ? field : make([...chars.slice(0, at - 1), ...chars.slice(at)], at - 1);
    case 'delete':
    case 'ctrl+d':
      return make([...chars.slice(0, at), ...chars.slice(at + 1)], at);
    case 'left':
      return make(chars, at - 1);
    case 'right':
      return make(chars, at + 1);
    case 'home':
    case 'ctrl+a':
      return make(chars, 0);
    case 'end':
    case 'ctrl+e':
      return make(chars, chars.length);
    case 'ctrl+u':
      return make(chars.slice(at), 0);
    case 'ctrl+k':
      return make(chars.slice(0, at), at);
    case 'ctrl+w':
    case 'meta+backspace': {
      let start = at;
      while (start > 0 && !isWordChar(chars[start - 1])) start--;
      while (start > 0 && isWordChar(chars[start - 1])) start--;
      return make([...chars.slice(0, start), ...chars.slice(at)], start);
    }
    default:
      if (key.text !== undefined && key.id !== 'paste' && [...key.text].length === 1)
        return insert(key.text);
      return null;
  }
}
