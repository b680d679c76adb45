import { FluxError } from '#core/errors.js';
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
  examples: ['flux-manage remove -n casa_gfed_2004'],
  async run() {
    throw new FluxError('input', 'remove: not available yet');
  },
};
