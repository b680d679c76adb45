import stringWidth from 'string-width';
import type { PreviewFrame } from '#core/operations/preview.js';
import {
  drawLegend,
  drawRaster,
  pixelOf,
  rasterize,
  type Extent,
  type RasterDepth,
} from './raster.js';

/** A number to about four significant digits, as the legend and the map's edges show it. */
export function significant(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(digits));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

const isDegrees = (units: string | null) => units !== null && /^deg/i.test(units.trim());

/**
 * One edge of the map: with degrees, a latitude (N/S) or longitude (E/W) without its sign;
 * otherwise the axis, the number and its units.
 */
export function edgeLabel(value: number, axis: 'x' | 'y', units: string | null): string {
  if (isDegrees(units)) {
    const [positive, negative] = axis === 'y' ? ['N', 'S'] : ['E', 'W'];
    const text = significant(Math.abs(value));
    return `${text}°${text === '0' ? '' : value > 0 ? positive : negative}`;
  }
  return `${axis} ${significant(value)}${units ? ` ${units}` : ''}`;
}

export interface MapLines {
  /** The map, one text line per two pixel rows; its first and last carry the latitudes. */
  map: string[];
  /** Under the map: the west edge at its left, the east edge ending at its right. */
  edges: string;
  /** The colour ramp with its ends and units, and what the scale is. */
  legend: string;
}

/**
 * What the preview draws for a frame in `width` columns with `rows` text rows for the map: the
 * map keeps its proportions and leaves room at its right for the latitudes of its top and
 * bottom edges, so that every edge is labelled. `cursor`: the cell cursor's point, marked.
 */
export function mapLines(
  frame: PreviewFrame,
  width: number,
  rows: number,
  depth: RasterDepth | 'none',
  cursor: { x: number; y: number } | null = null,
): MapLines {
  const scale = frame.scale
    ? { min: frame.scale.low, max: frame.scale.high }
    : (frame.range ?? null);
  const labels = (extent: Extent) => ({
    top: edgeLabel(extent.maxY, 'y', frame.axes.y),
    bottom: edgeLabel(extent.minY, 'y', frame.axes.y),
    left: edgeLabel(extent.minX, 'x', frame.axes.x),
    right: edgeLabel(extent.maxX, 'x', frame.axes.x),
  });
  // Without an extent of its own, the map's is the points' (and their cells') bounds.
  const known = frame.extent ?? rasterize(frame.points, 1, 1, frame.cell).extent;
  const gutter = known
    ? Math.max(stringWidth(labels(known).top), stringWidth(labels(known).bottom)) + 1
    : 0;
  const drawn = rasterize(frame.points, Math.max(1, width - gutter), rows * 2, frame.cell, known);
  const marker =
    cursor && drawn.extent ? pixelOf(cursor, drawn.extent, drawn.width, drawn.height) : null;
  const map = drawRaster(drawn.raster, scale, depth, marker).slice(0, rows);
  let edges = '';
  if (drawn.extent && map.length > 0) {
    const { top, bottom, left, right } = labels(drawn.extent);
    const last = map.length - 1;
    map[0] = `${map[0]} ${map.length === 1 ? `${top} to ${bottom}` : top}`;
    if (last > 0) map[last] = `${map[last]} ${bottom}`;
    const room = drawn.width - stringWidth(left) - stringWidth(right);
    edges = `${left}${' '.repeat(Math.max(1, room))}${right}`;
  }
  const units = frame.units ? ` ${frame.units}` : '';
  const method = frame.scale ? `  scale: ${frame.scale.method}` : '';
  const data = frame.range
    ? `; data ${significant(frame.range.min)} to ${significant(frame.range.max)}`
    : '';
  const legend = `${drawLegend(scale, depth, significant)}${scale ? units : ''}${method}${data}`;
  return { map, edges, legend };
}
