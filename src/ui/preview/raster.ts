/**
 * Turns one time step (points with values) into a raster of `width` x `height` pixels that
 * keeps the map's proportions, for drawing with half-block characters (two pixels per
 * character cell, which is about square).
 */
export interface Point {
  x: number;
  y: number;
  value: number | null;
}

/** Pixel values, row 0 at the top (north); undefined where there is no data. */
export type Raster = Array<Array<number | null | undefined>>;

/** The map's bounds: given (the same for every time step), or those of the points (and their cells). */
export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function rasterize(
  points: Point[],
  width: number,
  height: number,
  cell: { x: number; y: number } | null,
  extent: Extent | null = null,
): { raster: Raster; width: number; height: number; extent: Extent | null } {
  const finite = points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  if ((finite.length === 0 && !extent) || width < 1 || height < 1)
    return { raster: [], width: 0, height: 0, extent: null };
  const halfX = cell ? cell.x / 2 : 0;
  const halfY = cell ? cell.y / 2 : 0;
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const point of finite) {
    minX = Math.min(minX, point.x - halfX);
    maxX = Math.max(maxX, point.x + halfX);
    minY = Math.min(minY, point.y - halfY);
    maxY = Math.max(maxY, point.y + halfY);
  }
  if (extent) ({ minX, minY, maxX, maxY } = extent);
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  // Keep degrees square: shrink whichever side would stretch the map.
  const scale = Math.min(width / spanX, height / spanY);
  const columns = Math.max(1, Math.round(spanX * scale));
  const rows = Math.max(1, Math.round(spanY * scale));
  const raster: Raster = Array.from({ length: rows }, () => new Array(columns).fill(undefined));
  for (const point of finite) {
    // A grid cell covers every pixel whose centre falls inside it; a point covers one pixel.
    const left = Math.floor(((point.x - halfX - minX) / spanX) * columns);
    const right = cell ? Math.ceil(((point.x + halfX - minX) / spanX) * columns) - 1 : left;
    const top = Math.floor(((maxY - (point.y + halfY)) / spanY) * rows);
    const bottom = cell ? Math.ceil(((maxY - (point.y - halfY)) / spanY) * rows) - 1 : top;
    for (let row = Math.max(0, top); row <= Math.min(rows - 1, Math.max(top, bottom)); row++) {
      const line = raster[row] as Array<number | null | undefined>;
      for (
        let column = Math.max(0, left);
        column <= Math.min(columns - 1, Math.max(left, right));
        column++
      ) {
        line[column] = point.value;
      }
    }
  }
  return { raster, width: columns, height: rows, extent: { minX, minY, maxX, maxY } };
}

/** A colour ramp (viridis), dark to bright. */
export const PALETTE = [
  '#440154',
  '#482878',
  '#3e4989',
  '#31688e',
  '#26828e',
  '#1f9e89',
  '#35b779',
  '#6ece58',
  '#b5de2b',
  '#fde725',
];
/** The ramp without colour (NO_COLOR), light to dense. */
export const SHADES = ['.', ':', '-', '=', '+', '*', '#', '%', '@', '@'];

export function levelOf(
  value: number,
  range: { min: number; max: number },
  levels: number,
): number {
  if (range.max <= range.min) return Math.floor(levels / 2);
  const t = (value - range.min) / (range.max - range.min);
  return Math.max(0, Math.min(levels - 1, Math.floor(t * levels)));
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The nearest of xterm's 6x6x6 colour cube (codes 16-231). */
export function xterm256(hex: string): number {
  const level = (value: number) =>
    value < 48 ? 0 : value < 115 ? 1 : Math.min(5, Math.floor((value - 35) / 40));
  const [r, g, b] = channels(hex).map(level) as [number, number, number];
  return 16 + 36 * r + 6 * g + b;
}

/** The colour depths the raster can use (without colour it draws shade characters). */
export type RasterDepth = 'truecolor' | '256' | '16';

/** The 16-colour ramp: the eight basic colours that run dark to bright like the palette. */
const BASIC = [35, 35, 34, 34, 36, 36, 32, 32, 33, 33];

/** The SGR parameters drawing a palette level in the foreground or background. */
function colourCode(level: number, depth: RasterDepth, background: boolean): string {
  const hex = PALETTE[level] as string;
  if (depth === 'truecolor') return `${background ? 48 : 38};2;${channels(hex).join(';')}`;
  if (depth === '256') return `${background ? 48 : 38};5;${xterm256(hex)}`;
  return String((BASIC[level] as number) + (background ? 10 : 0));
}

/** The preview's cell cursor on the map: a character that no shade uses, so NO_COLOR shows it. */
export const CURSOR = '◆';

/** The pixel (column, row from the top) a point falls in, on a raster of `extent`; or null. */
export function pixelOf(
  point: { x: number; y: number },
  extent: Extent,
  width: number,
  height: number,
): { column: number; row: number } | null {
  const spanX = Math.max(extent.maxX - extent.minX, 1e-9);
  const spanY = Math.max(extent.maxY - extent.minY, 1e-9);
  const column = Math.floor(((point.x - extent.minX) / spanX) * width);
  const row = Math.floor(((extent.maxY - point.y) / spanY) * height);
  if (column < 0 || column >= width || row < 0 || row >= height) return null;
  return { column, row };
}

/**
 * One text line per two raster rows: '▀' with the upper pixel as foreground and the lower as
 * background (24-bit colour), '▄' when only the lower has data, ' ' when neither; no data
 * (null) is drawn as '·'. Without colour, one shade character per pixel pair. The pixel
 * `marker` (the cell cursor) is drawn as CURSOR, in inverse video where there is colour.
 */
export function drawRaster(
  raster: Raster,
  range: { min: number; max: number } | null,
  depth: RasterDepth | 'none',
  marker: { column: number; row: number } | null = null,
): string[] {
  const color = depth !== 'none';
  const lines: string[] = [];
  const scale = range ?? { min: 0, max: 1 };
  for (let row = 0; row < raster.length; row += 2) {
    const upper = raster[row] ?? [];
    const lower = raster[row + 1] ?? [];
    let line = '';
    for (let column = 0; column < upper.length; column++) {
      const top = upper[column];
      const bottom = lower[column];
      if (marker && column === marker.column && Math.floor(marker.row / 2) === row / 2) {
        line += color ? `\u001b[7m${CURSOR}\u001b[0m` : CURSOR;
        continue;
      }
      if (!color) {
        const value =
          typeof top === 'number' ? top : typeof bottom === 'number' ? bottom : (top ?? bottom);
        line +=
          value === undefined
            ? ' '
            : value === null
              ? '·'
              : SHADES[levelOf(value, scale, SHADES.length)];
        continue;
      }
      const mode = depth as RasterDepth;
      const fg = typeof top === 'number' ? levelOf(top, scale, PALETTE.length) : undefined;
      const bg = typeof bottom === 'number' ? levelOf(bottom, scale, PALETTE.length) : undefined;
      if (fg !== undefined && bg !== undefined)
        line += `\u001b[${colourCode(fg, mode, false)}m\u001b[${colourCode(bg, mode, true)}m▀\u001b[0m`;
      else if (fg !== undefined) line += `\u001b[${colourCode(fg, mode, false)}m▀\u001b[0m`;
      else if (bg !== undefined) line += `\u001b[${colourCode(bg, mode, false)}m▄\u001b[0m`;
      else line += top === null || bottom === null ? '·' : ' ';
    }
    lines.push(line);
  }
  return lines;
}

/** The legend: the ramp between the ends of its scale. */
export function drawLegend(
  range: { min: number; max: number } | null,
  depth: RasterDepth | 'none',
  format: (value: number) => string,
): string {
  if (!range) return 'no statistics: no colour scale';
  const ramp =
    depth !== 'none'
      ? PALETTE.map((_, level) => `\u001b[${colourCode(level, depth, false)}m█\u001b[0m`).join('')
      : SHADES.slice(0, 9).join('');
  return `${format(range.min)} ${ramp} ${format(range.max)}`;
}
