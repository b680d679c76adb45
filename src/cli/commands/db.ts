import { FluxError, UsageError } from '#core/errors.js';
import { listDatasets } from '#core/operations/listDatasets.js';
import type { CommandSpec } from '../spec.js';

export const LIST_KINDS = ['collections', 'metadata', 'coord_index'] as const;

export const dbCommand: CommandSpec = {
  name: 'db',
  summary: "list datasets, show a dataset's metadata, or audit (and repair) the database",
  usage: 'flux-manage db -l collections|metadata|coord_index [-x] | -n NAME | -a [--fix]',
  connects: true,
  options: [
    {
      long: 'list_ids',
      short: 'l',
      value: 'WHAT',
      description: 'list dataset ids',
      choices: LIST_KINDS,
    },
    {
      long: 'include_counts',
      short: 'x',
      description: "with -l collections: show each dataset's record count",
    },
    {
      long: 'collection_name',
      short: 'n',
      value: 'NAME',
      description: 'show the metadata of dataset NAME',
    },
    {
      long: 'audit',
      short: 'a',
      description: 'check that datasets, metadata and coord_index agree',
    },
    { long: 'fix', description: 'with -a: repair what is safe to repair' },
    { long: 'yes', short: 'y', description: 'with --fix: do not ask for confirmation' },
  ],
  examples: [
    'flux-manage db -l collections -x',
    'flux-manage db -l metadata',
    'flux-manage db -n casa_gfed_2004',
    'flux-manage db -a',
  ],
  async run(args, context) {
    const { options } = args;
    if (!options.list_ids && !options.collection_name && !options.audit) {
      throw new UsageError('db: give one of -l/--list_ids, -n/--collection_name or -a/--audit');
    }
    if (options.list_ids === 'collections') {
      const datasets = await context.withStore((store) =>
        listDatasets(store, { counts: options.include_counts === true }),
      );
      if (context.output.json) context.output.result(datasets);
      else {
        for (const dataset of datasets) {
          context.output.line(
            dataset.records === undefined
              ? dataset.name
              : `${dataset.name} (${dataset.records} records)`,
          );
        }
      }
      return 0;
    }
    throw new FluxError('input', 'db: this listing is not available yet');
  },
};
