import { ContiguousColumnReader } from '../columns.js';
import { FileFormatError } from '../errors.js';
import { assertLoadable, findVariable, loadabilityProblem } from '../loadable.js';
import type { ByteSource, DataFile, MatrixReader, VariableInfo } from '../types.js';
import { MAT4_HEADER_SIZE, readMat4Header, type Mat4Header } from './header.js';

const MATRIX_CLASS = ['', 'char', 'sparse'];
/** Enough for the 20-byte header and any sane name. */
const HEADER_READ = MAT4_HEADER_SIZE + 4096;

/** MATLAB v4 MAT-file: a sequence of matrices, each a 20-byte header, a name and the data. */
export class Mat4File implements DataFile {
  readonly format = 'mat4' as const;

  private constructor(
    private readonly source: ByteSource,
    readonly description: string,
    private readonly matrices: Array<{ info: VariableInfo; header: Mat4Header }>,
  ) {}

  get name(): string {
    return this.source.name;
  }

  static async open(source: ByteSource, description: string): Promise<Mat4File> {
    const matrices: Array<{ info: VariableInfo; header: Mat4Header }> = [];
    let offset = 0;
    while (offset < source.size) {
      const bytes = await source.read(offset, Math.min(HEADER_READ, source.size - offset));
      const result = readMat4Header(bytes, 0, source.size - offset);
      if (!result.ok) {
        throw new FileFormatError(
          source.name,
          `matrix ${matrices.length + 1}: ${result.problem}`,
          offset,
        );
      }
      const header = {
        ...result.header,
        dataOffset: result.header.dataOffset + offset,
        endOffset: result.header.endOffset + offset,
      };
      const className = MATRIX_CLASS[header.matrixType] || header.storage;
      const shape = [header.rows, header.columns];
      const problem = loadabilityProblem({ class: className, shape, complex: header.complex });
      matrices.push({
        info: {
          name: header.name,
          class: className,
          shape,
          loadable: !problem,
          ...(problem ? { reason: problem } : {}),
        },
        header,
      });
      offset = header.endOffset;
    }
    return new Mat4File(source, description, matrices);
  }

  async variables(): Promise<VariableInfo[]> {
    return this.matrices.map((matrix) => matrix.info);
  }

  async matrix(name: string): Promise<MatrixReader> {
    const info = findVariable(this.source.name, await this.variables(), name);
    assertLoadable(this.source.name, info);
    const { header } = this.matrices.find((matrix) => matrix.info === info) as {
      header: Mat4Header;
    };
    return new ContiguousColumnReader(
      this.source,
      info,
      {
        rows: header.rows,
        columns: header.columns,
        storage: header.storage,
        littleEndian: header.littleEndian,
      },
      header.dataOffset,
    );
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}
