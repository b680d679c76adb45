import { textAttribute, type NcVariable, type NetCdfDataset } from './types.js';

/** A variable's horizontal dimension and the coordinate variable that gives its positions. */
export interface HorizontalAxis {
  dimension: string;
  length: number;
  coordinate: NcVariable;
}

/** How a gridded variable's dimensions are read: time first, then y and x in storage order. */
export interface VariableGrid {
  time: { dimension: string; length: number; coordinate: NcVariable | undefined };
  y: HorizontalAxis;
  x: HorizontalAxis;
  /** Whether x (longitude) is the outer of the two horizontal dimensions. */
  xOuter: boolean;
  /** Extra dimensions of length 1 (a single level), left out. */
  dropped: string[];
}

const LATITUDE_UNITS = /^degrees?_?(north|n)$/i;
const LONGITUDE_UNITS = /^degrees?_?(east|e)$/i;
const TIME_UNITS = /^\s*\w+\s+since\s+/i;

/** The variable holding a dimension's coordinates (same name, that one dimension). */
export function coordinateOf(dataset: NetCdfDataset, dimension: string): NcVariable | undefined {
  return dataset.variables.find(
    (variable) =>
      variable.name === dimension &&
      variable.dimensions.length === 1 &&
      variable.dimensions[0] === dimension,
  );
}

function axisOf(dataset: NetCdfDataset, dimension: string): 'x' | 'y' | 't' | null {
  const coordinate = coordinateOf(dataset, dimension);
  const units = coordinate && textAttribute(coordinate, 'units');
  const standard = coordinate && textAttribute(coordinate, 'standard_name');
  const axis = coordinate && textAttribute(coordinate, 'axis')?.toUpperCase();
  const name = dimension.toLowerCase();
  if ((units && LATITUDE_UNITS.test(units)) || standard === 'latitude' || axis === 'Y') return 'y';
  if ((units && LONGITUDE_UNITS.test(units)) || standard === 'longitude' || axis === 'X')
    return 'x';
  if ((units && TIME_UNITS.test(units)) || standard === 'time' || axis === 'T') return 't';
  if (name === 'lat' || name === 'latitude') return 'y';
  if (name === 'lon' || name === 'longitude') return 'x';
  if (name === 'time') return 't';
  return null;
}

/**
 * A variable's time and horizontal dimensions, recognised by their coordinate variables (CF
 * units, standard_name, axis) or their names, or why it is not a gridded variable.
 */
export function gridOf(
  dataset: NetCdfDataset,
  variable: NcVariable,
): VariableGrid | { problem: string } {
  const [first, ...rest] = variable.dimensions;
  const dimensionOf = (name: string) => dataset.dimensions.find((d) => d.name === name);
  if (first === undefined) return { problem: 'a scalar has no grid' };
  const firstDimension = dimensionOf(first);
  if (!(firstDimension?.unlimited || axisOf(dataset, first) === 't')) {
    return {
      problem: `its first dimension "${first}" is not a time dimension (${variable.dimensions.join(', ')})`,
    };
  }
  const axes: Partial<Record<'x' | 'y', HorizontalAxis>> = {};
  const dropped: string[] = [];
  let xOuter = false;
  for (const [index, name] of rest.entries()) {
    const axis = axisOf(dataset, name);
    const length = variable.shape[index + 1] ?? 0;
    const coordinate = coordinateOf(dataset, name);
    if ((axis === 'x' || axis === 'y') && coordinate && !axes[axis]) {
      if (axis === 'x' && !axes.y) xOuter = true;
      axes[axis] = { dimension: name, length, coordinate };
    } else if (length === 1) dropped.push(name);
    else
      return {
        problem: `dimension "${name}" (${length}) is neither latitude nor longitude nor a single level`,
      };
  }
  if (!axes.x || !axes.y) {
    return {
      problem: `it has no ${axes.y ? '' : 'latitude'}${!axes.x && !axes.y ? ' and no ' : ''}${axes.x ? '' : 'longitude'} dimension with a coordinate variable`,
    };
  }
  return {
    time: {
      dimension: first,
      length: variable.shape[0] ?? 0,
      coordinate: coordinateOf(dataset, first),
    },
    y: axes.y,
    x: axes.x,
    xOuter,
    dropped,
  };
}

/** The file's time coordinate: the first coordinate variable of a time dimension. */
export function timeCoordinate(dataset: NetCdfDataset): NcVariable | undefined {
  return dataset.dimensions
    .filter((dimension) => dimension.unlimited || axisOf(dataset, dimension.name) === 't')
    .map((dimension) => coordinateOf(dataset, dimension.name))
    .find((coordinate) => coordinate !== undefined && axisOf(dataset, coordinate.name) === 't');
}

/** The variables a NetCDFGrid load can take: gridded, and not a coordinate variable. */
export function griddedVariables(dataset: NetCdfDataset): NcVariable[] {
  return dataset.variables.filter(
    (variable) =>
      !coordinateOf(dataset, variable.name) && !('problem' in gridOf(dataset, variable)),
  );
}
