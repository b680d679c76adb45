import type { EffectiveConfig } from '../config/effective.js';
import type { DataFile, MatrixReader, VariableInfo } from '../formats/types.js';
import type { InputKind, ModelInput } from './inputs.js';

import type { MediatorName } from '../mediators/registry.js';
import type { DatasetMetadata } from '../metadata.js';

export type { MediatorName };

/**
 * One kind of science output: how its matrix (or N-dimensional variable) is laid out, its
 * defaults (SPEC 4), and how it becomes the input a mediator stores. A matrix model has
 * `read` (a 2-D matrix, a column at a time); a model of N-dimensional variables has
 * `readFile` (the whole file: it picks its variable and reads what the file says of it).
 */
export interface ModelDefinition {
  name: string;
  /** One line for `--help` and the TUI's model picker. */
  description: string;
  defaultMediator: MediatorName;
  input: InputKind;
  /** Config keys and values before the config file and -o (SPEC 4's "model defaults"). */
  defaults: Record<string, unknown>;
  /** Paths in `defaults` of numbers that are floats in the original (its grid's 1.0). */
  defaultFloats?: string[];
  /** A time the model cannot do without (it stamps the documents). */
  needsTimestamp: boolean;
  /** Why a rows x columns matrix cannot be this model's, or null. */
  shapeProblem(rows: number, columns: number): string | null;
  /** How likely a file name and matrix shape are this model's (the TUI preselects the best). */
  likelihood(fileName: string, rows: number, columns: number): number;
  read?(reader: MatrixReader, config: EffectiveConfig): Promise<ModelInput>;
  readFile?(file: DataFile, config: EffectiveConfig): Promise<FileReading>;
  /**
   * The inverse of `read` (export): the files, each a matrix in this model's layout and the
   * config beside it, from which a load with no other option stores `input` again (what its
   * default mediator's inverse made of a stored dataset, described by `metadata`).
   */
  exportFiles(input: ModelInput, metadata: DatasetMetadata): AsyncIterable<ExportedFile>;
}

/**
 * What a model of N-dimensional variables reads from a file: the variable, the input, and
 * the config with what the file decided (title, units, grid, steps) where the config file
 * and -o left the model's defaults.
 */
export interface FileReading {
  variable: VariableInfo;
  input: ModelInput;
  config: EffectiveConfig;
}

/** One file of an export: a matrix in the model's layout and the config that loads it. */
export interface ExportedFile {
  /** What tells this file apart in a folder of several (its time), or '' for a single file. */
  suffix: string;
  matrix: { name: string; rows: number; columns: number };
  /** The matrix's columns, in order, each read once. */
  columns(): AsyncIterable<Float64Array>;
  config: Record<string, unknown>;
  /** Paths of the config's numbers to write as floats (`1.0`): they were stored as doubles. */
  floatPaths: readonly string[];
}
