import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { listFile, readMatrixValues } from '#core/operations/inspectFile.js';
import type { CommandSpec } from '../spec.js';
import { formatTable } from '../table.js';

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
  async run(args, { output }) {
    const path = args.positionals[0] as string;
    const file = await openDataFileAt(path);
    try {
      const variable = typeof args.options.var === 'string' ? args.options.var : undefined;
      if (variable !== undefined) {
        const values = await readMatrixValues(file, variable);
        if (output.json) output.result(values);
        else {
          output.line(`${values.name}: ${values.class} ${values.shape.join('x')}`);
          for (const row of values.data)
            output.line(row.map((value) => (value === null ? 'NaN' : String(value))).join(' '));
        }
        return 0;
      }
      const listing = await listFile(file);
      if (output.json) {
        output.result({
          format: listing.format,
          variables: listing.variables.map(
            ({ name, class: className, shape, loadable, reason }) => ({
              name,
              class: className,
              shape,
              loadable,
              ...(reason ? { reason } : {}),
            }),
          ),
        });
        return 0;
      }
      output.line(`${path}: ${listing.description} [${listing.format}]`);
      output.line();
      if (listing.variables.length === 0) output.line('No variables.');
      else {
        output.line(
          formatTable(
            ['NAME', 'CLASS', 'SHAPE', 'LOADABLE'],
            listing.variables.map((v) => [
              v.name,
              v.class,
              v.shape.length ? v.shape.join('x') : '-',
              v.loadable ? 'yes' : `no: ${v.reason ?? ''}`,
            ]),
          ),
        );
      }
      return 0;
    } finally {
      await file.close();
    }
  },
};
