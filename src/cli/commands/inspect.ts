import { FluxError } from '#core/errors.js';
import type { CommandSpec } from '../spec.js';

export const inspectCommand: CommandSpec = {
  name: 'inspect',
  summary: "show the format and variables of a .mat or HDF5 file, or one variable's data",
  usage: 'flux-manage inspect FILE [--var NAME] [--json]',
  connects: false,
  positionals: [
    { name: 'FILE', description: 'a MATLAB .mat (v4, v5, v7.3) or HDF5 file', required: true },
  ],
  options: [
    { long: 'var', value: 'NAME', description: "print this variable's values (HDF5: a path)" },
  ],
  examples: [
    'flux-manage inspect casagfed2004.mat',
    'flux-manage inspect xco2.mat --var XCO2 --json',
  ],
  async run() {
    throw new FluxError('input', 'inspect: not available yet');
  },
};
