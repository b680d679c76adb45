import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

/** A temporary folder for the calling test file, removed after its last test. */
export function useTempDir(label: string): { readonly path: string; file(name: string): string } {
  let dir = '';
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), `flux-manage-${label}-`));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  return {
    get path() {
      return dir;
    },
    file: (name: string) => path.join(dir, name),
  };
}
