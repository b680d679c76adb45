import stringWidth from 'string-width';

/**
 * Frames as grids of cells, and the shortest writes that turn one frame into the next. Ink
 * rewrites whole lines, and whenever a frame is as tall as the terminal it clears the screen
 * and the scrollback and draws everything again; over SSH that is kilobytes for one key. The
 * UI draws a frame here instead and sends only the cells that changed.
 */
export interface Cell {
  /** The grapheme shown; '' for the right half of a wide character. */
  char: string;
  /** The SGR parameters in effect ('' for none), in one canonical order. */
  style: string;
}

export type Grid = Cell[][];

interface Attributes {
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  strike: boolean;
  fg: string | null;
  bg: string | null;
}

const PLAIN: Attributes = {
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  strike: false,
  fg: null,
  bg: null,
};

/** Applies one SGR sequence's parameters ("1;38;5;202") to the attributes in effect. */
function applySgr(current: Attributes, parameters: string): Attributes {
  const codes = parameters === '' ? [0] : parameters.split(/[;:]/).map((code) => Number(code) || 0);
  let next = { ...current };
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index] as number;
    if (code === 0) next = { ...PLAIN };
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 22) next = { ...next, bold: false, dim: false };
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code === 29) next.strike = false;
    else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) next.fg = String(code);
    else if (code === 39) next.fg = null;
    else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) next.bg = String(code);
    else if (code === 49) next.bg = null;
    else if (code === 38 || code === 48) {
      const extended = codes[index + 1] === 5 ? 2 : codes[index + 1] === 2 ? 4 : 0;
      const colour = codes.slice(index, index + 1 + extended).join(';');
      if (code === 38) next.fg = colour;
      else next.bg = colour;
      index += extended;
    }
  }
  return next;
}

function styleOf(attributes: Attributes): string {
  const parts: string[] = [];
  if (attributes.bold) parts.push('1');
  if (attributes.dim) parts.push('2');
  if (attributes.italic) parts.push('3');
  if (attributes.underline) parts.push('4');
  if (attributes.inverse) parts.push('7');
  if (attributes.strike) parts.push('9');
  if (attributes.fg) parts.push(attributes.fg);
  if (attributes.bg) parts.push(attributes.bg);
  return parts.join(';');
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
// eslint-disable-next-line no-control-regex -- escape sequences are what is matched
const ESCAPE = /\u001b(?:\[([0-9;:?]*)([@-~])|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|.)/y;

const blank = (): Cell => ({ char: ' ', style: '' });

/** Ink's output (lines of text with SGR colours) as exactly `rows` x `columns` cells. */
export function parseFrame(frame: string, columns: number, rows: number): Grid {
  const grid: Grid = [];
  let attributes = PLAIN;
  const lines = frame.split('\n');
  for (let row = 0; row < rows; row++) {
    const cells: Cell[] = [];
    const line = lines[row] ?? '';
    let index = 0;
    while (index < line.length) {
      if (line[index] === '\u001b') {
        ESCAPE.lastIndex = index;
        const match = ESCAPE.exec(line);
        if (match) {
          if (match[2] === 'm') attributes = applySgr(attributes, match[1] ?? '');
          index = ESCAPE.lastIndex;
          continue;
        }
      }
      const next = line.indexOf('\u001b', index);
      const text = line.slice(index, next === -1 ? line.length : next);
      index += text.length;
      const style = styleOf(attributes);
      for (const { segment } of segmenter.segment(text)) {
        const width = stringWidth(segment);
        if (width === 0) continue;
        if (cells.length + width > columns) break;
        cells.push({ char: segment, style });
        if (width === 2) cells.push({ char: '', style });
      }
    }
    while (cells.length < columns) cells.push(blank());
    cells.length = columns;
    grid.push(cells);
  }
  return grid;
}

const sameCell = (a: Cell | undefined, b: Cell | undefined) =>
  a !== undefined && b !== undefined && a.char === b.char && a.style === b.style;

/** Unchanged cells this close together are rewritten rather than skipped with a cursor move. */
const MERGE_GAP = 4;

/**
 * The bytes that turn `before` into `after` on a terminal showing `before` (null: the screen
 * is in an unknown state, so clear it and draw everything). Positions are absolute, so the
 * cursor may be anywhere beforehand; attributes are reset afterwards.
 */
export function drawDifference(before: Grid | null, after: Grid): string {
  let out = before ? '' : '\u001b[0m\u001b[H\u001b[2J';
  let style = '';
  for (let row = 0; row < after.length; row++) {
    const next = after[row] as Cell[];
    const previous = before?.[row];
    let column = 0;
    while (column < next.length) {
      if (sameCell(previous?.[column], next[column]) || (!previous && isBlank(next, column))) {
        column++;
        continue;
      }
      // A run of changes, extended over short unchanged gaps.
      let start = column;
      if (next[start]?.char === '' && start > 0) start--; // never start inside a wide character
      let end = column + 1;
      let gap = 0;
      while (end < next.length && gap <= MERGE_GAP) {
        const unchanged = previous ? sameCell(previous[end], next[end]) : isBlank(next, end);
        gap = unchanged ? gap + 1 : 0;
        end++;
      }
      end -= gap;
      out += `\u001b[${row + 1};${start + 1}H`;
      for (let index = start; index < end; index++) {
        const cell = next[index] as Cell;
        if (cell.char === '') continue;
        if (cell.style !== style) {
          out += cell.style ? `\u001b[0;${cell.style}m` : '\u001b[0m';
          style = cell.style;
        }
        out += cell.char;
      }
      column = end;
    }
  }
  if (style) out += '\u001b[0m';
  return out;
}

function isBlank(cells: Cell[], column: number): boolean {
  const cell = cells[column];
  return cell !== undefined && cell.char === ' ' && cell.style === '';
}

/** A grid back as plain text lines (what a person sees), for tests and logs. */
export function gridText(grid: Grid): string {
  return grid
    .map((cells) =>
      cells
        .map((cell) => cell.char)
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
