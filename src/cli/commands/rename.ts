import { renameDataset } from '#core/operations/rename.js';
import { crashHook } from '../crashHook.js';
import type { CommandSpec } from '../spec.js';

export const renameCommand: CommandSpec = {
  name: 'rename',
  summary: 'rename a dataset, moving its metadata, coord_index entry and geometry cache with it',
  usage: 'flux-manage rename -n NAME -r NEW_NAME',
  connects: true,
  options: [
    {
      long: 'collection_name',
      short: 'n',
      value: 'NAME',
      description: 'dataset to rename',
      required: true,
    },
    {
      long: 'new_name',
      short: 'r',
      value: 'NEW_NAME',
      description: 'its new name',
      required: true,
    },
  ],
  examples: ['flux-manage rename -n casa_gfed_2004 -r casa_2004'],
  async run(args, context) {
    const from = args.options.collection_name as string;
    const to = args.options.new_name as string;
    const { output } = context;
    if (!output.json) output.line(`Renaming collection ID "${from}" to "${to}"...`);
    const onStep = crashHook(context.terminal.env);
    const result = await context.withStore((store) =>
      renameDataset(store, from, to, onStep ? { onStep } : {}),
    );
    if (output.json) output.result(result);
    else output.line('Complete.');
    return 0;
  },
};
