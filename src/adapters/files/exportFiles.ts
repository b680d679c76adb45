import fs from 'node:fs/promises';
import path from 'node:path';
import { FluxError } from '#core/errors.js';
import { writeMat5Matrix } from '#core/formats/mat5/writer.js';
import type { ColumnScratch, ExportFiles, StagedOutput } from '#core/operations/export.js';
import { writeHdf5Matrix } from '../hdf5/writeMatrix.js';
import { columnScratch } from './columnScratch.js';
import { fileSink } from './fileSink.js';

/**
 * Where an export writes: a hidden folder beside the target (same file system, so the final
 * renames are atomic), holding the files under their final names and the scratch; at the end
 * the files (or the folder) are renamed into place, so a failure, a Ctrl-C or a full disk
 * never leaves a partial file under the final name, only the hidden folder, which is removed.
 */
export const EXPORT_FILES: ExportFiles = {
  async kind(target) {
    try {
      const stat = await fs.stat(target);
      return stat.isDirectory() ? 'directory' : 'file';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
      throw error;
    }
  },

  async stage(target, folder, replace): Promise<StagedOutput> {
    const resolved = path.resolve(target);
    const parent = path.dirname(resolved);
    try {
      if (!(await fs.stat(parent)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new FluxError('input', `${path.dirname(target)}: no such folder to export into`);
    }
    const work = await fs.mkdtemp(path.join(parent, `.${path.basename(resolved)}.partial-`));
    const output = folder ? path.join(work, 'files') : work;
    if (folder) await fs.mkdir(output);
    const names: string[] = [];
    const scratches: ColumnScratch[] = [];
    const inOutput = (name: string) => {
      names.push(name);
      return path.join(output, name);
    };
    return {
      async writeMatrix(name, format, matrix, columns) {
        const file = inOutput(name);
        if (format === 'h5') return writeHdf5Matrix(file, matrix, columns);
        const sink = await fileSink(file);
        try {
          return (await writeMat5Matrix(sink, matrix, columns)).bytes;
        } finally {
          await sink.close();
        }
      },
      async writeText(name, text) {
        await fs.writeFile(inOutput(name), text, { flag: 'wx' });
        return Buffer.byteLength(text);
      },
      async scratch(count, rows) {
        const scratch = await columnScratch(path.join(work, 'columns.scratch'), count, rows);
        scratches.push(scratch);
        return scratch;
      },
      async commit() {
        for (const scratch of scratches) await scratch.close();
        if (folder) {
          if (replace) await fs.rm(resolved, { recursive: true, force: true });
          await fs.rename(output, resolved);
          await fs.rm(work, { recursive: true, force: true });
          return names.map((name) => path.join(target, name));
        }
        // The config first: a data file is never in place without the config that loads it.
        const order = [...names].sort(
          (a, b) => Number(b.endsWith('.json')) - Number(a.endsWith('.json')),
        );
        for (const name of order) await fs.rename(path.join(output, name), path.join(parent, name));
        await fs.rm(work, { recursive: true, force: true });
        return names.map((name) => path.join(path.dirname(target), name));
      },
      async discard() {
        for (const scratch of scratches) await scratch.close().catch(() => undefined);
        await fs.rm(work, { recursive: true, force: true });
      },
    };
  },
};
