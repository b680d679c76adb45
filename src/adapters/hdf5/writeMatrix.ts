import fs from 'node:fs/promises';
import { FluxError } from '#core/errors.js';

/**
 * Writes one rows x columns double matrix as a plain HDF5 file, the layout h5py and this
 * tool's reader take (rows first: a dataset of shape [rows, columns]). Columns arrive one at a
 * time: the dataset is chunked a column a chunk and grows a column at each, so memory holds
 * about one column whatever the matrix's size. Deflate-compressed, as h5py's `gzip`.
 */
export async function writeHdf5Matrix(
  path: string,
  matrix: { name: string; rows: number; columns: number },
  columns: AsyncIterable<Float64Array>,
): Promise<number> {
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const { rows } = matrix;
  const file = new h5.File(path, 'w');
  try {
    let dataset: InstanceType<typeof h5.Dataset> | null = null;
    let written = 0;
    for await (const column of columns) {
      if (column.length !== rows)
        throw new FluxError('input', `a column of ${column.length} values for ${rows} rows`);
      if (!dataset) {
        dataset = file.create_dataset({
          name: matrix.name,
          data: column,
          shape: [rows, 1],
          maxshape: [rows, null],
          chunks: [rows, 1],
          dtype: '<d',
          compression: 'gzip',
          compression_opts: 4,
        });
      } else {
        dataset.resize([rows, written + 1]);
        dataset.write_slice(
          [
            [0, rows],
            [written, written + 1],
          ],
          column,
        );
      }
      written++;
    }
    if (written !== matrix.columns)
      throw new FluxError('input', `${written} columns written of the ${matrix.columns} announced`);
  } finally {
    file.close();
  }
  return (await fs.stat(path)).size;
}
