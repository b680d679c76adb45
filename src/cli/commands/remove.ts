import { FluxError } from '#core/errors.js';
import { datasetParts, removeDataset } from '#core/operations/remove.js';
import { confirm } from '../confirm.js';
import type { CommandSpec } from '../spec.js';

export const removeCommand: CommandSpec = {
  name: 'remove',
  summary: 'remove a dataset with its metadata, coord_index entry and geometry cache',
  usage: 'flux-manage remove -n NAME [--yes]',
  connects: true,
  options: [
    {
      long: 'collection_name',
      short: 'n',
      value: 'NAME',
      description: 'dataset to remove',
      required: true,
    },
    { long: 'yes', short: 'y', description: 'do not ask for confirmation on a terminal' },
  ],
  examples: ['flux-manage remove -n casa_gfed_2004', 'flux-manage remove -n casa_gfed_2004 --yes'],
  async run(args, context) {
    const name = args.options.collection_name as string;
    const { output } = context;
    return context.withStore(async (store) => {
      if (!args.options.yes && context.interactive) {
        const parts = await datasetParts(store, name);
        if (Object.values(parts).some(Boolean)) {
          const records = parts.data ? ` (${await store.recordCount(name)} records)` : '';
          if (
            !(await confirm(
              context.terminal,
              `Remove dataset "${name}"${records} with its metadata, coord_index entry and geometry cache?`,
            ))
          ) {
            throw new FluxError('cancelled', 'nothing was removed');
          }
        }
      }
      const result = await removeDataset(store, name);
      if (output.json) output.result(result);
      else output.line(`Collection ID "${name}" successfully removed from database!`);
      return 0;
    });
  },
};
