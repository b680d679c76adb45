import { compileFormats } from '../numbers/valueFormat.js';
import { formatTimestamp } from '../time/timestamps.js';
import { formatInPlace } from './columns.js';
import { expectInput, exportedConfig, variableNameOf } from './exported.js';
import type { SquareMatrix } from './inputs.js';
import { requireTimestamp } from './timestamp.js';
import type { ModelDefinition } from './types.js';

/** An n x n covariance matrix between grid cells, for one time (see docs/covariance.md). */
export const covarianceMatrix: ModelDefinition = {
  name: 'CovarianceMatrix',
  description: 'an n x n covariance matrix (square), stored one column per document',
  defaultMediator: 'CovarianceMediator',
  input: 'square-matrix',
  defaults: {
    parameters: ['values'],
    formats: {},
    precision: 5,
    gridded: true,
    grid: { units: 'degrees', x: 1, y: 1 },
    title: '',
    units: { x: 'degrees', y: 'degrees' },
  },
  defaultFloats: ['grid.x', 'grid.y'],
  needsTimestamp: true,
  shapeProblem(rows, columns) {
    return rows === columns ? null : `it is ${rows}x${columns}; a covariance matrix must be square`;
  },
  // A square matrix is likeliest a covariance matrix: above the 9 or 6 columns of a kriged or
  // XCO2 file (2), below one whose name also says so (4).
  likelihood(_fileName, rows, columns) {
    return rows === columns && rows > 1 ? 3 : 0;
  },
  async read(reader, config): Promise<SquareMatrix> {
    const time = requireTimestamp(this, config);
    const parameter = config.values.parameters[0] as string;
    const format = compileFormats(config.values.formats)[parameter];
    return {
      kind: 'square-matrix',
      size: reader.rows,
      time,
      parameters: [parameter],
      async *columns() {
        for await (const column of reader.readColumns()) yield formatInPlace(column, format);
      },
    };
  },
  async *exportFiles(input, metadata) {
    const matrix = expectInput(this, input, 'square-matrix');
    const { config, floatPaths } = exportedConfig(metadata, matrix.parameters);
    const name = variableNameOf(metadata._id);
    yield {
      suffix: '',
      matrix: { name, rows: matrix.size, columns: matrix.size },
      columns: () => matrix.columns(),
      config: { ...config, timestamp: formatTimestamp(matrix.time), var_name: name },
      floatPaths,
    };
  },
};
