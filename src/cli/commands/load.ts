import { FluxError } from '#core/errors.js';
import type { CommandSpec } from '../spec.js';

export const loadCommand: CommandSpec = {
  name: 'load',
  summary: 'load a .mat or HDF5 file (or a directory of them) into a dataset',
  usage: 'flux-manage load -p PATH -m MODEL -n NAME [-c CONFIG] [-o "k=v;..."] [-d MEDIATOR]',
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
  ],
  examples: ['flux-manage load -p ./casagfed2004.mat -m SpatioTemporalMatrix -n casa_gfed_2004'],
  async run() {
    throw new FluxError('input', 'load: not available yet');
  },
};
