import { openDataFileAt } from '#adapters/files/openDataFile.js';
import type { NetCdfDataset } from '#core/formats/netcdf/types.js';
import {
  listFile,
  listNetCdf,
  readMatrixValues,
  readNetCdfValues,
} from '#core/operations/inspectFile.js';
import type { Output } from '../output.js';
import type { CommandSpec } from '../spec.js';
import { formatTable } from '../table.js';

export const inspectCommand: CommandSpec = {
  name: 'inspect',
  summary: "show the format and variables of a .mat, HDF5 or NetCDF file, or one variable's data",
  usage: 'flux-manage inspect FILE [--var NAME [--step N]] [--json]',
  connects: false,
  positionals: [
    {
      name: 'FILE',
      description: 'a MATLAB .mat (v4, v5, v7.3), HDF5 or NetCDF (classic, CDF-5, netCDF-4) file',
      required: true,
    },
  ],
  options: [
    { long: 'var', value: 'NAME', description: "print this variable's values (HDF5: a path)" },
    {
      long: 'step',
      value: 'N',
      description: 'NetCDF: the time step of --var to print, from 1 (default 1)',
    },
  ],
  examples: [
    'flux-manage inspect casagfed2004.mat',
    'flux-manage inspect xco2.mat --var XCO2 --json',
    'flux-manage inspect fluxes.nc --var nee --step 3',
  ],
  async run(args, { output }) {
    const path = args.positionals[0] as string;
    const file = await openDataFileAt(path);
    try {
      const variable = typeof args.options.var === 'string' ? args.options.var : undefined;
      const step = typeof args.options.step === 'string' ? Number(args.options.step) : 1;
      if (file.netcdf) {
        await inspectNetCdf(path, file.netcdf, variable, step, output, () =>
          listNetCdf(file, file.netcdf as NetCdfDataset),
        );
        return 0;
      }
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

const show = (value: unknown) => (value === null || value === undefined ? '-' : String(value));

async function inspectNetCdf(
  path: string,
  netcdf: NetCdfDataset,
  variable: string | undefined,
  step: number,
  output: Output,
  listing: () => ReturnType<typeof listNetCdf>,
): Promise<void> {
  if (variable !== undefined) {
    const values = await readNetCdfValues(netcdf, variable, step);
    if (output.json) return output.result(values);
    const dimensions = values.dimensions.map((name, k) => `${name}=${values.shape[k]}`);
    const at = values.step
      ? `, step ${values.step.index} of ${values.step.of}${values.step.time ? ` (${values.step.time})` : ''}`
      : '';
    output.line(`${values.name}: ${values.class} (${dimensions.join(', ')})${at}`);
    for (const row of values.data)
      output.line(row.map((value) => (value === null ? 'NaN' : String(value))).join(' '));
    return;
  }
  const found = await listing();
  if (output.json) return output.result(found);
  output.line(`${path}: ${found.description} [${found.format}]`);
  output.line();
  output.line(
    `Dimensions: ${found.dimensions
      .map((d) => `${d.name} = ${d.length}${d.unlimited ? ' (unlimited)' : ''}`)
      .join(', ')}`,
  );
  output.line();
  output.line(
    formatTable(
      ['NAME', 'TYPE', 'DIMENSIONS', 'UNITS', 'LONG_NAME', 'FILL', 'PACKING', 'LOADABLE'],
      found.variables.map((v) => [
        v.name,
        v.class,
        v.dimensions.join(', ') || '-',
        show(v.units),
        show(v.long_name),
        show(v.fill_value),
        v.packing ? `x ${v.packing.scale_factor} + ${v.packing.add_offset}` : '-',
        v.loadable ? 'yes' : `no: ${v.reason ?? ''}`,
      ]),
    ),
  );
  output.line();
  const { time } = found;
  if (!time) output.line('Time: no time coordinate.');
  else if ('problem' in time) output.line(`Time "${time.variable}": ${time.problem}`);
  else
    output.line(
      `Time "${time.variable}": ${time.first} .. ${time.last}, ${time.steps} steps, ${
        time.step !== null ? `every ${time.step} s` : `irregular (${time.irregular ?? ''})`
      }`,
    );
}
