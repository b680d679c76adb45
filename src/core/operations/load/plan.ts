import {
  configFileProblem,
  parseConfigText,
  resolveConfig,
  type ConfigLayer,
  type EffectiveConfig,
} from '../../config/effective.js';
import { floatsUnder } from '../../config/floatPaths.js';
import { parseOverrides } from '../../config/overrides.js';
import { FluxError } from '../../errors.js';
import { FileFormatError } from '../../formats/errors.js';
import { assertLoadable, findVariable, inferVariable } from '../../formats/loadable.js';
import type { DataFile, VariableInfo } from '../../formats/types.js';
import { MAX_DOCUMENT_BYTES } from '../../mediators/bsonSize.js';
import { chooseMediator } from '../../mediators/registry.js';
import type { MediatorDefinition, PreparedData } from '../../mediators/types.js';
import type { ModelInput } from '../../models/inputs.js';
import { findModel } from '../../models/registry.js';
import type { ModelDefinition } from '../../models/types.js';
import { assertDatasetName } from '../../names.js';
import { checkNoDuplicates } from './summary.js';
import { DataChecks, startChecks } from '../../checks/index.js';

export type ExistingPolicy = 'error' | 'skip' | 'replace';

export interface LoadRequest {
  /** The data file. */
  path: string;
  model: string;
  /** The dataset. */
  name: string;
  /**
   * -c: the config file; when absent, the data file's sibling with .json if there is one;
   * null: no config file at all (the UI's wizard, where the operator cleared the field).
   */
  configFile?: string | null;
  /** -o: "k1=v1;k2=v2". */
  overrides?: string;
  mediator?: string;
  existing?: ExistingPolicy;
  /**
   * With a directory for `path` (--pattern, or the wizard's `folder/*.mat`): which of its files
   * to load, in name order (runLoad); each is then a request of its own for one file.
   */
  pattern?: string;
  /**
   * The variable chosen by name (the UI's variable step): above the config file, below the
   * overrides, so a `var_name` the operator typed is never silently replaced; carried as a
   * field, never spliced into `overrides` (an HDF5 path may hold `;` or `=`).
   */
  variable?: string;
  /**
   * false: no data checks (the benchmark's comparison; not a CLI flag). Default: checked.
   */
  checks?: boolean;
}

/** How the engine reaches files; the adapters provide it. */
export interface FileAccess {
  openDataFile(path: string): Promise<DataFile>;
  /** A text file's content, or null when there is no such file. */
  readText(path: string): Promise<string | null>;
}

/** Everything about a load that the file and config decide, before the database is asked. */
export interface FilePlan {
  request: LoadRequest;
  model: ModelDefinition;
  mediator: MediatorDefinition;
  config: EffectiveConfig;
  /** The config file used, if any. */
  configFile: string | null;
  file: DataFile;
  variable: VariableInfo;
  input: ModelInput;
  data: PreparedData;
  warnings: string[];
  /** The data checks, fed the documents as they are built (docs/loading.md, "Data checks"). */
  checks: DataChecks;
}

const missingConfig = (path: string) => `config file ${path}: no such file`;

/**
 * Why a config file cannot be used (missing, not a file, not JSON, a value of the wrong type),
 * or null: what a load with it would say, before it runs (the wizard's config step).
 */
export async function configFileCheck(path: string, files: FileAccess): Promise<string | null> {
  let text: string | null;
  try {
    text = await files.readText(path);
  } catch (error) {
    if (error instanceof FluxError) return error.message;
    throw error;
  }
  return text === null ? missingConfig(path) : configFileProblem(path, text);
}

export function siblingConfigPath(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dot = path.lastIndexOf('.');
  return `${dot > slash ? path.slice(0, dot) : path}.json`;
}

async function configLayers(request: LoadRequest, model: ModelDefinition, files: FileAccess) {
  const layers: ConfigLayer[] = [
    {
      source: { kind: 'default', model: model.name },
      entries: Object.entries(model.defaults).map(([key, value]) => ({
        key,
        value,
        floats: floatsUnder(model.defaultFloats ?? [], key),
      })),
    },
  ];
  let configFile: string | null = null;
  if (request.configFile === null) {
    // No config file: the model defaults and the overrides only.
  } else if (request.configFile !== undefined) {
    const text = await files.readText(request.configFile);
    if (text === null) throw new FluxError('input', missingConfig(request.configFile));
    configFile = request.configFile;
    layers.push(parseConfigText(configFile, text));
  } else {
    const sibling = siblingConfigPath(request.path);
    const text = await files.readText(sibling);
    if (text !== null) {
      configFile = sibling;
      layers.push(parseConfigText(sibling, text));
    }
  }
  if (request.variable !== undefined) {
    layers.push({
      source: { kind: 'chosen' },
      entries: [{ key: 'var_name', value: request.variable }],
    });
  }
  const warnings: string[] = [];
  if (request.overrides !== undefined && request.overrides.trim() !== '') {
    const parsed = parseOverrides(request.overrides);
    warnings.push(...parsed.warnings);
    layers.push({
      source: { kind: 'override' },
      entries: parsed.entries.map(({ key, value, floats }) => ({
        key,
        value,
        floats: floats ?? [],
      })),
    });
  }
  return { layers, configFile, warnings };
}

/**
 * Checks a load as far as the file and config can say: model and mediator, dataset name,
 * config, variable, shape, and document size. Reads the coordinates but no time step.
 */
export async function planFromFile(request: LoadRequest, files: FileAccess): Promise<FilePlan> {
  const model = findModel(request.model);
  const mediator = chooseMediator(model, request.mediator);
  assertDatasetName(request.name);
  const { layers, configFile, warnings } = await configLayers(request, model, files);
  const fileConfig = resolveConfig(layers, request.path);
  warnings.push(...fileConfig.warnings);

  const file = await files.openDataFile(request.path);
  try {
    const { variable, input, config } = model.readFile
      ? await model.readFile(file, fileConfig)
      : await readMatrix(model, file, fileConfig);
    const data = mediator.prepare(input, config);
    if (data.maxDocumentBytes > MAX_DOCUMENT_BYTES) {
      throw new FluxError(
        'input',
        `${file.name}: one document of ${mediator.name} would be ${(data.maxDocumentBytes / 1048576).toFixed(1)} MiB, over MongoDB's 16 MiB limit (${data.coordinates?.length ?? '?'} cells x ${data.parameters.length} parameters); load a coarser grid or split it`,
      );
    }
    if (mediator.timeKey === '_id')
      checkNoDuplicates(data.times, `${file.name} (variable "${variable.name}")`);
    if (data.documentCount === 0)
      throw new FluxError(
        'input',
        `${file.name}: variable "${variable.name}" holds no documents to load`,
      );
    const checks =
      request.checks === false
        ? new DataChecks('none', [])
        : startChecks(
            { input, mediator, data, config },
            `${file.name} (variable "${variable.name}")`,
          );
    return {
      request,
      model,
      mediator,
      config,
      configFile,
      file,
      variable,
      input,
      data,
      warnings,
      checks,
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** A matrix model's variable (named or inferred), checked against its shape, then read. */
async function readMatrix(model: ModelDefinition, file: DataFile, config: EffectiveConfig) {
  if (file.netcdf)
    throw new FileFormatError(
      file.name,
      `a ${file.description} file: ${model.name} reads 2-D matrices, not NetCDF variables; load it with -m NetCDFGrid`,
    );
  const variables = await file.variables();
  const variable = config.values.var_name
    ? findVariable(file.name, variables, config.values.var_name)
    : inferVariable(file.name, variables);
  assertLoadable(file.name, variable);
  const reader = await file.matrix(variable.name);
  const shapeProblem = model.shapeProblem(reader.rows, reader.columns);
  if (shapeProblem) {
    throw new FileFormatError(
      file.name,
      `variable "${variable.name}" does not fit ${model.name}: ${shapeProblem}`,
    );
  }
  if (!model.read) throw new FluxError('input', `${model.name} does not read matrices`);
  return { variable, input: await model.read(reader, config), config };
}
