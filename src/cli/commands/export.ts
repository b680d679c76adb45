import { FluxError, UsageError } from '#core/errors.js';
import type { ExportProgress, MatrixFormat } from '#core/operations/export.js';
import { duration } from '#core/text/duration.js';
import { plural } from '#core/text/plural.js';
import type { CommandSpec } from '../spec.js';

/** Exit status of an export stopped by Ctrl-C (128 + SIGINT), as a shell reports it. */
const INTERRUPTED = 130;

export const exportCommand: CommandSpec = {
  name: 'export',
  summary: "write a dataset back out as its model's files, each with its config beside it",
  usage: 'flux-manage export -n NAME -o PATH [--force] [--format mat|h5]',
  description: [
    'PATH ending in .mat writes a compressed MAT v5 file, .h5 an HDF5 file; its config is PATH',
    'with .json. A Grid3D (kriged) dataset is one file per time: PATH is a folder, created',
    '(--format h5 for HDF5 files). `flux-manage load` with no other option rebuilds the same',
    'dataset from them. Never overwrites without --force; nothing partial is left under PATH.',
  ].join('\n'),
  connects: true,
  options: [
    {
      long: 'collection_name',
      short: 'n',
      value: 'NAME',
      description: 'dataset to export',
      required: true,
    },
    {
      long: 'output',
      short: 'o',
      value: 'PATH',
      description: 'the file (.mat or .h5) or folder to write',
      required: true,
    },
    { long: 'force', description: 'replace what is at PATH' },
    {
      long: 'format',
      value: 'FORMAT',
      description: "a folder's files: mat (default) or h5",
      choices: ['mat', 'h5'],
    },
  ],
  examples: [
    'flux-manage export -n casa_gfed_2004 -o casa_gfed_2004.mat',
    'flux-manage export -n kriged_june -o kriged_june/',
  ],
  async run(args, context) {
    const { options } = args;
    const { output } = context;
    const name = options.collection_name as string;
    const target = options.output as string;
    if (target.trim() === '') throw new UsageError('export: -o needs a path');
    const [{ exportDataset }, { EXPORT_FILES }] = await Promise.all([
      import('#core/operations/export.js'),
      import('#adapters/files/exportFiles.js'),
    ]);
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once('SIGINT', interrupt);
    const progress = exportProgress(context.terminal.stderr, output.quiet || output.json);
    try {
      const result = await context.withStore((store) =>
        exportDataset(
          store,
          EXPORT_FILES,
          {
            name,
            path: target,
            force: options.force === true,
            ...(typeof options.format === 'string'
              ? { format: options.format as MatrixFormat }
              : {}),
          },
          { signal: controller.signal, onProgress: progress },
        ),
      );
      if (output.json) {
        output.result(result);
        return 0;
      }
      output.line(
        `Exported "${result.dataset}" (${plural(result.documents, 'document')}) as ${result.model}: ${plural(result.files.length, 'file')}, ${result.bytes} bytes, in ${duration(result.elapsedMs / 1000)}.`,
      );
      for (const file of result.files) output.line(`  ${file.path}`);
      const pattern = result.load.pattern ? ` --pattern '${result.load.pattern}'` : '';
      output.line(
        `Load it again with: flux-manage load -p ${result.load.path}${pattern} -m ${result.load.model} -n NEW_NAME`,
      );
      return 0;
    } catch (error) {
      if (error instanceof FluxError && error.kind === 'cancelled' && controller.signal.aborted) {
        output.warn(error.message);
        return INTERRUPTED;
      }
      throw error;
    } finally {
      process.off('SIGINT', interrupt);
    }
  },
};

/** Progress on stderr: a line every 10% of the documents read, then each file written. */
function exportProgress(
  stream: { write(text: string): unknown },
  quiet: boolean,
): (progress: ExportProgress) => void {
  let shown = -1;
  return (progress) => {
    if (quiet) return;
    if (progress.phase === 'reading') {
      const { documents, totalDocuments } = progress;
      const tenth = totalDocuments ? Math.floor((documents * 10) / totalDocuments) : 10;
      if (tenth === shown && documents !== totalDocuments) return;
      shown = tenth;
      stream.write(
        `Read ${documents}/${totalDocuments} documents  elapsed ${duration(progress.sinceStartMs / 1000)}\n`,
      );
    } else {
      stream.write(
        `Wrote ${plural(progress.files, 'file')} (and ${progress.files === 1 ? 'its config' : 'their configs'})  elapsed ${duration(progress.sinceStartMs / 1000)}\n`,
      );
    }
  };
}
