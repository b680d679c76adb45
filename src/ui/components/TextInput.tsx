import { Text } from 'ink';
import stringWidth from 'string-width';
import type { TextField } from '../model/textField.js';

/**
 * A one-line field as drawn: the text, and the cursor as one cell in inverse video (the
 * terminal's own cursor stays hidden). Text wider than the field scrolls to keep the cursor
 * in view.
 */
export function TextInput({
  field,
  width,
  focused = true,
}: {
  field: TextField;
  width: number;
  focused?: boolean;
}) {
  const chars = [...field.value];
  const cursor = Math.min(field.cursor, chars.length);
  const room = Math.max(1, width - 1);
  let start = 0;
  while (stringWidth(chars.slice(start, cursor + 1).join('')) > room) start++;
  let end = cursor;
  while (end < chars.length && stringWidth(chars.slice(start, end + 1).join('')) <= room) end++;
  const before = chars.slice(start, cursor).join('');
  const under = chars[cursor] ?? ' ';
  const after = chars.slice(cursor + 1, Math.max(cursor + 1, end)).join('');
  if (!focused) return <Text>{chars.slice(start, end).join('')}</Text>;
  return (
    <Text>
      {start > 0 ? '…' : ''}
      {start > 0 ? before.slice([...before][0]?.length ?? 0) : before}
      <Text inverse>{under}</Text>
      {after}
    </Text>
  );
}
