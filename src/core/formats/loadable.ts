import { FileFormatError } from './errors.js';
import { isNumericClass, type VariableInfo } from './types.js';

/** Why a variable cannot be loaded as a data matrix, or null when it can. */
export function loadabilityProblem(variable: {
  class: string;
  shape: number[];
  complex?: boolean;
}): string | null {
  if (!isNumericClass(variable.class)) return `${variable.class} is not numeric data`;
  if (variable.complex) return 'complex numbers are not loadable data';
  if (variable.shape.length > 2) {
    return `a ${variable.shape.join('x')} array has ${variable.shape.length} dimensions; a 2-D matrix is needed`;
  }
  if (variable.shape.some((extent) => extent === 0)) return 'the matrix is empty';
  return null;
}

/**
 * The rows and columns a loader reads a variable's shape as (and the wizard checks models
 * against): a 1-D dataset is one column.
 */
export function matrixExtent(shape: readonly number[]): { rows: number; columns: number } {
  const [rows = 0, columns = 1] = shape;
  return { rows, columns: shape.length === 1 ? 1 : columns };
}

export function describeVariable(variable: VariableInfo): string {
  return `${variable.name} (${variable.class} ${variable.shape.join('x') || 'scalar'})`;
}

/** The named variable, or an error that lists what the file does have. */
export function findVariable(file: string, variables: VariableInfo[], name: string): VariableInfo {
  const wanted = name.replace(/^\/+/, '');
  const found = variables.find((variable) => variable.name.replace(/^\/+/, '') === wanted);
  if (found) return found;
  const available = variables.length
    ? variables.map(describeVariable).join(', ')
    : 'no variables at all';
  throw new FileFormatError(file, `no variable "${name}"; the file has ${available}`);
}

/** The variable a load uses when none is named: the first whose name does not start with "__". */
export function inferVariable(file: string, variables: VariableInfo[]): VariableInfo {
  const found = variables.find((variable) => !baseName(variable.name).startsWith('__'));
  if (!found) throw new FileFormatError(file, 'the file has no variable to load');
  return found;
}

export function assertLoadable(file: string, variable: VariableInfo): void {
  if (!variable.loadable) {
    throw new FileFormatError(
      file,
      `variable "${variable.name}" cannot be loaded: ${variable.reason ?? 'not numeric'}`,
    );
  }
}

function baseName(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? path;
}
