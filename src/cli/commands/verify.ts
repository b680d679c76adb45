import { FluxError } from '#core/errors.js';
import type { VerifyProgress, VerifyReport } from '#core/operations/verify.js';
import { differenceLine } from '#core/operations/verifyLines.js';
import { duration } from '#core/text/duration.js';
import { plural } from '#core/text/plural.js';
import type { CommandSpec } from '../spec.js';

/** Exit 2: could not compare (cmp and diff's "trouble"); 1 is kept for "differs". */
class CouldNotCompare extends FluxError {
  constructor(cause: FluxError) {
    super(cause.kind, cause.message, { cause });
    this.name = 'CouldNotCompare';
  }

  override get exitCode(): number {
    return 2;
  }
}

/** How many differences --json lists (the counts cover them all). */
const JSON_DIFFERENCES = 1000;

export const verifyCommand: CommandSpec = {
  name: 'verify',
  summary: 'compare what load would store from a file with what a dataset holds',
  usage: 'flux-manage verify -n NAME -p FILE [-m MODEL] [-c CONFIG] [-o "k=v;..."] [-d MEDIATOR]',
  description: [
    'Reads FILE exactly as load would (same config and rounding) and compares every value of',
    'the times it holds, the grid and the metadata it decides with what NAME holds. Times the',
    'dataset has and the file does not are counted, not differences. -m defaults to the model',
    "that loads the dataset's kind. Exit 0: equal; 1: something differs; 2: could not compare.",
  ].join('\n'),
  connects: true,
  options: [
    { long: 'collection_name', short: 'n', value: 'NAME', description: 'dataset', required: true },
    { long: 'path', short: 'p', value: 'FILE', description: 'the file to compare', required: true },
    { long: 'model', short: 'm', value: 'MODEL', description: 'data model of the file' },
    {
      long: 'config_file',
      short: 'c',
      value: 'CONFIG',
      description: 'JSON config (default: FILE with .json)',
    },
    { long: 'options', short: 'o', value: '"k=v;..."', description: 'config overrides' },
    {
      long: 'mediator',
      short: 'd',
      value: 'MEDIATOR',
      description: "override the model's default mediator",
    },
  ],
  examples: ['flux-manage verify -n casa_gfed_2004 -p casagfed2004.mat'],
  async run(args, context) {
    const { options } = args;
    const { output } = context;
    const [{ verifyDataset }, { VERIFY_FILES }] = await Promise.all([
      import('#core/operations/verify.js'),
      import('#adapters/files/localFiles.js'),
    ]);
    let report: VerifyReport;
    try {
      report = await context.withStore((store) =>
        verifyDataset(
          store,
          VERIFY_FILES,
          {
            name: options.collection_name as string,
            path: options.path as string,
            ...(typeof options.model === 'string' ? { model: options.model } : {}),
            ...(typeof options.config_file === 'string' ? { configFile: options.config_file } : {}),
            ...(typeof options.options === 'string' ? { overrides: options.options } : {}),
            ...(typeof options.mediator === 'string' ? { mediator: options.mediator } : {}),
          },
          {
            limit: output.json ? JSON_DIFFERENCES : 20,
            onProgress: verifyProgress(context.terminal.stderr, output.quiet || output.json),
          },
        ),
      );
    } catch (error) {
      if (error instanceof FluxError && error.kind !== 'usage') throw new CouldNotCompare(error);
      throw error;
    }
    if (output.json) output.result(report);
    else for (const line of reportLines(report)) output.line(line);
    return report.equal ? 0 : 1;
  },
};

function reportLines(report: VerifyReport): string[] {
  const { times } = report;
  const lines = [
    `${report.file} against "${report.dataset}": ${plural(times.inFile, 'time')} in the file, ${times.compared} compared; ${plural(report.valuesCompared, 'value')} compared, ${report.valuesDiffering} differ.`,
  ];
  if (times.onlyInDataset)
    lines.push(
      `The dataset also holds ${plural(times.onlyInDataset, 'document')} of other times (not compared).`,
    );
  for (const difference of report.differences) lines.push(`  ${differenceLine(difference)}`);
  if (report.truncated) lines.push('  ... (the first differences only; --json lists more)');
  lines.push(
    report.equal
      ? `Equal: what the file would store is what the dataset holds (${duration(report.elapsedMs / 1000)}).`
      : 'DIFFERENT: what the file would store is not what the dataset holds.',
  );
  return lines;
}

function verifyProgress(
  stream: { write(text: string): unknown },
  quiet: boolean,
): (progress: VerifyProgress) => void {
  let shown = '';
  return (progress) => {
    if (quiet) return;
    const { documents, totalDocuments } = progress;
    const tenth = totalDocuments ? Math.floor((documents * 10) / totalDocuments) : 10;
    const key = `${progress.phase}${tenth}`;
    if (key === shown && documents !== totalDocuments) return;
    shown = key;
    stream.write(
      `Read ${documents}/${totalDocuments} documents of the ${progress.phase === 'file' ? 'file' : 'dataset'}\n`,
    );
  };
}
