/**
 * What every NetCDF reader gives (classic CDF-1/2/5 and netCDF-4 alike): the header
 * (dimensions, attributes, variables) and a variable's values one index of its first
 * dimension at a time, raw as stored (no fill masking, no unpacking: see cf.ts).
 */
export type NcType =
  | 'byte'
  | 'char'
  | 'short'
  | 'int'
  | 'float'
  | 'double'
  | 'ubyte'
  | 'ushort'
  | 'uint'
  | 'int64'
  | 'uint64'
  | 'string'
  | 'other';

/** Text, or numbers (a float attribute's values are widened to double exactly). */
export type NcAttributeValue = string | number[];

/** An attribute's value and the type it was stored as. */
export interface NcAttribute {
  type: NcType;
  value: NcAttributeValue;
}

export interface NcDimension {
  name: string;
  length: number;
  unlimited: boolean;
}

export interface NcVariable {
  name: string;
  /** Names of its dimensions, slowest-varying (outermost) first. */
  dimensions: string[];
  shape: number[];
  type: NcType;
  attributes: Record<string, NcAttribute>;
}

export type NetCdfKind = 'CDF-1' | 'CDF-2' | 'CDF-5' | 'netCDF-4';

export interface NetCdfDataset {
  readonly kind: NetCdfKind;
  readonly name: string;
  readonly dimensions: NcDimension[];
  readonly variables: NcVariable[];
  readonly attributes: Record<string, NcAttribute>;
  /** Every value of a (small) variable, e.g. a coordinate, in storage order. */
  readAll(variable: NcVariable): Promise<Float64Array>;
  /** The values at index `index` of the variable's first dimension, in storage order. */
  readStep(variable: NcVariable, index: number): Promise<Float64Array>;
  close(): Promise<void>;
}

const NUMERIC: readonly NcType[] = [
  'byte',
  'short',
  'int',
  'float',
  'double',
  'ubyte',
  'ushort',
  'uint',
  'int64',
  'uint64',
];

export function isNumericNcType(type: NcType): boolean {
  return NUMERIC.includes(type);
}

/** MATLAB-style class names, as inspect lists every format's variables. */
export const NC_CLASS: Readonly<Record<NcType, string>> = {
  byte: 'int8',
  char: 'char',
  short: 'int16',
  int: 'int32',
  float: 'single',
  double: 'double',
  ubyte: 'uint8',
  ushort: 'uint16',
  uint: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  string: 'string',
  other: 'unknown',
};

/** An attribute's text, or undefined when it has none (or numbers). */
export function textAttribute(variable: { attributes: Record<string, NcAttribute> }, name: string) {
  const value = variable.attributes[name]?.value;
  return typeof value === 'string' ? value : undefined;
}

/** An attribute's numbers, or undefined when it has none (or text). */
export function numberAttribute(
  variable: { attributes: Record<string, NcAttribute> },
  name: string,
): number[] | undefined {
  const value = variable.attributes[name]?.value;
  return Array.isArray(value) ? value : undefined;
}
