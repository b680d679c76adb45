import { paceMemory } from '#adapters/runtime/memoryPacer.js';
import { UsageError } from '#core/errors.js';
import { MEDIATORS } from '#core/mediators/registry.js';
import { MODELS } from '#core/models/registry.js';
import type { FileLoadResult } from '#core/operations/load/index.js';
import {
  coordIndexWarning,
  finishedByEarlierRun,
  recoveryNotice,
} from '#core/operations/notices.js';
import type { ServerInfo } from '#core/store.js';
import type { CommandSpec } from '../spec.js';
import { crashHook } from '../crashHook.js';
import { duration } from '#core/text/duration.js';
import { ProgressReporter } from '../progress.js';

export const loadCommand: CommandSpec = {
  name: 'load',
  summary: 'load a .mat or HDF5 file (or a directory of them) into a dataset',
  usage: 'flux-manage load -p PATH -m MODEL -n NAME [-c CONFIG] [-o "k=v;..."] [-d MEDIATOR]',
  description: [
    'Models:',
    ...MODELS.map((model) => `  ${model.name.padEnd(22)} ${model.description}`),
    'Mediators (default per model; -d to override):',
    ...MEDIATORS.map((mediator) => `  ${mediator.name.padEnd(22)} ${mediator.description}`),
    'Config: the data file with .json, or -c; -o overrides it ("timestamp=2004-06-30T00:00:00;title=My data").',
  ].join('\n'),
  connects: true,
  options: [
    {
      long: 'path',
      short: 'p',
      value: 'PATH',
      description: 'input file, or a directory with --pattern',
      required: true,
    },
    {
      long: 'model',
      short: 'm',
      value: 'MODEL',
      description: 'data model of the file',
      required: true,
    },
    {
      long: 'collection_name',
      short: 'n',
      value: 'NAME',
      description: 'dataset name',
      required: true,
    },
    {
      long: 'config_file',
      short: 'c',
      value: 'CONFIG',
      description: 'JSON config (default: PATH with .json)',
    },
    { long: 'options', short: 'o', value: '"k=v;..."', description: 'config overrides' },
    {
      long: 'mediator',
      short: 'd',
      value: 'MEDIATOR',
      description: "override the model's default mediator",
    },
    {
      long: 'pattern',
      value: 'GLOB',
      description: 'with a directory: load the matching files in name order',
    },
    { long: 'skip-existing', description: 'appending: leave out times the dataset already has' },
    { long: 'replace', description: 'appending: overwrite times the dataset already has' },
    {
      long: 'dry-run',
      description: 'check everything, print the metadata and document count, write nothing',
    },
    {
      long: 'strict',
      description: 'refuse a load the data checks warn about, writing nothing',
    },
    { long: 'workers', value: 'N', description: 'concurrent insert streams (default 1)' },
  ],
  examples: [
    'flux-manage load -p ./casagfed2004.mat -m SpatioTemporalMatrix -n casa_gfed_2004',
    'flux-manage load -p casagfed2004.mat -m SpatioTemporalMatrix -n casa -o "timestamp=2004-06-30T00:00:00"',
    "flux-manage load -p ./kriged/ --pattern 'Kriged_*.mat' -m KrigedXCO2Matrix -n kriged --skip-existing",
  ],
  async run(args, context) {
    const { options } = args;
    const { output } = context;
    if (options['skip-existing'] && options.replace)
      throw new UsageError('load: --skip-existing and --replace exclude each other');
    const workers = options.workers === undefined ? 1 : Number(options.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 32)
      throw new UsageError('load: --workers must be a whole number from 1 to 32');
    const progress = new ProgressReporter(context.terminal.stderr, output.quiet || output.json);
    let server: ServerInfo | undefined;
    // The load pipeline (config schemas, readers) is loaded by the command that runs it, so
    // that every other command starts quickly.
    const [{ runLoad }, { LOCAL_FILES }] = await Promise.all([
      import('#core/operations/load/index.js'),
      import('#adapters/files/localFiles.js'),
    ]);
    const results = await context.withStore(async (store) => {
      server = await store.serverInfo();
      return runLoad(
        {
          path: options.path as string,
          model: options.model as string,
          name: options.collection_name as string,
          ...(typeof options.config_file === 'string' ? { configFile: options.config_file } : {}),
          ...(typeof options.options === 'string' ? { overrides: options.options } : {}),
          ...(typeof options.mediator === 'string' ? { mediator: options.mediator } : {}),
          ...(typeof options.pattern === 'string' ? { pattern: options.pattern } : {}),
          existing: options['skip-existing'] ? 'skip' : options.replace ? 'replace' : 'error',
          dryRun: options['dry-run'] === true,
          strict: options.strict === true,
          onDataWarnings: (warnings) => {
            for (const warning of warnings) output.warn(`${warning.check}: ${warning.message}`);
          },
          workers,
          onProgress: paceMemory((event) => progress.update(event)),
          onFile: (file, index, count) => {
            if (count > 1) progress.note(`Loading ${file} (${index + 1} of ${count})`);
          },
          onWarning: (warning) => output.warn(warning),
          ...withCrashHook(context.terminal.env),
        },
        store,
        LOCAL_FILES,
      );
    });
    progress.finishLine();
    const warning = server ? coordIndexWarning(server, results) : null;
    if (warning) output.warn(warning);
    if (output.json) {
      output.result(
        results.length === 1 ? results[0] : { dataset: results[0]?.dataset, files: results },
      );
      return 0;
    }
    for (const result of results) printResult(output.line.bind(output), result);
    if (!options['dry-run']) output.line('Upload complete!');
    return 0;
  },
};

function withCrashHook(env: NodeJS.ProcessEnv): { onStep?: (step: string) => void } {
  const onStep = crashHook(env);
  return onStep ? { onStep } : {};
}

function printResult(line: (text?: string) => void, result: FileLoadResult): void {
  const notice = recoveryNotice(result);
  if (notice) line(notice);
  if (finishedByEarlierRun(result)) return;
  const extra = [
    result.skipped.length ? `${result.skipped.length} existing times skipped` : '',
    result.replaced.length ? `${result.replaced.length} times replaced` : '',
  ].filter(Boolean);
  if (result.dryRun) {
    line(
      `Dry run of ${result.file}: ${result.documents} documents (${result.values} values) would go into ${result.mode === 'new' ? 'the new' : 'the existing'} dataset "${result.dataset}"${extra.length ? ` (${extra.join(', ')})` : ''}. Nothing was written.`,
    );
    line('Metadata that would be written:');
    line(JSON.stringify(result.metadata, null, 2));
    return;
  }
  line(
    `Loaded ${result.file}: ${result.written.documents} documents (${result.written.values} values) into ${result.mode === 'new' ? 'the new' : 'the existing'} dataset "${result.dataset}" in ${duration(result.elapsedMs / 1000)}${extra.length ? ` (${extra.join(', ')})` : ''}.`,
  );
}
