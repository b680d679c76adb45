import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { openDataFileAt } from '#adapters/files/openDataFile.js';
import { FileFormatError } from '#core/formats/errors.js';
import type { DataFile } from '#core/formats/types.js';
import { writeMat73 } from '#test/support/hdf5Writer.js';
import { matHeader, writeMat4, writeMat5 } from '#test/support/matWriter.js';
import { openBytes } from '#test/support/readers.js';
import { useTempDir } from '#test/support/tempDir.js';
import { FIXTURES } from '#test/support/fixtures.js';

const temp = useTempDir('damaged');

/** Lists every variable and reads every loadable one to the end. */
async function readEverything(file: DataFile): Promise<void> {
  try {
    for (const variable of await file.variables()) {
      if (!variable.loadable) continue;
      const matrix = await file.matrix(variable.name);
      for await (const column of matrix.readColumns()) void column;
    }
  } finally {
    await file.close();
  }
}

type Outcome = 'read' | 'refused';

/** Either reads cleanly or refuses with a one-line FileFormatError naming the file. */
async function outcomeOf(open: () => Promise<DataFile>, name: string): Promise<Outcome> {
  try {
    await readEverything(await open());
    return 'read';
  } catch (error) {
    assert.ok(error instanceof FileFormatError, `${name}: not a FileFormatError: ${String(error)}`);
    assert.ok(error.message.startsWith(`${name}: `), error.message);
    assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
    return 'refused';
  }
}

/** A deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cutPoints(size: number, count: number): number[] {
  const points = new Set([1, 7, 8, 100, 127, 129, 135, 136, 140, 200, size - 1, size - 4]);
  for (let k = 1; k < count; k++) points.add(Math.floor((size * k) / count));
  return [...points].filter((point) => point > 0 && point < size).sort((a, b) => a - b);
}

describe('damaged MAT files', () => {
  for (const fixture of ['casagfed2004.mat', 'kriged_xco2.mat', 'xco2.mat']) {
    it(`refuses ${fixture} truncated at 60+ offsets`, { timeout: 120_000 }, async () => {
      const bytes = new Uint8Array(await fs.readFile(`${FIXTURES}${fixture}`));
      const outcomes = new Map<Outcome, number>();
      for (const cut of cutPoints(bytes.length, 60)) {
        const name = `${fixture}[:${cut}]`;
        const outcome = await outcomeOf(() => openBytes(bytes.subarray(0, cut), name), name);
        // Only a cut right after the 128-byte header leaves a (valid, empty) MAT-file.
        if (cut !== 128) assert.equal(outcome, 'refused', `${name} was read`);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      assert.ok((outcomes.get('refused') ?? 0) >= 60);
    });

    it(
      `survives ${fixture} with single bytes flipped at 150 places`,
      { timeout: 120_000 },
      async () => {
        const original = new Uint8Array(await fs.readFile(`${FIXTURES}${fixture}`));
        const next = random(fixture.length * 7919);
        let refused = 0;
        for (let trial = 0; trial < 150; trial++) {
          const bytes = original.slice();
          // Half the flips land in the first 256 bytes, where the headers and tags are.
          const at =
            trial % 2 ? Math.floor(next() * 256) : 128 + Math.floor(next() * (bytes.length - 128));
          bytes[at] = (bytes[at] as number) ^ (1 << Math.floor(next() * 8));
          const name = `${fixture}^${at}`;
          if ((await outcomeOf(() => openBytes(bytes, name), name)) === 'refused') refused++;
        }
        // The variables are zlib-compressed: any flip in their data breaks the stream or its checksum.
        assert.ok(refused > 100, `${refused} of 150 flips refused`);
      },
    );
  }

  it(
    'refuses truncated and flipped uncompressed Level 5 and v4 files, both byte orders',
    { timeout: 60_000 },
    async () => {
      const values = Array.from({ length: 200 }, (_, i) => i / 3);
      const files: Array<[string, Uint8Array]> = [];
      for (const littleEndian of [true, false]) {
        const order = littleEndian ? 'le' : 'be';
        files.push([
          `v5-${order}.mat`,
          writeMat5([{ kind: 'numeric', name: 'm', class: 'double', dims: [20, 10], values }], {
            littleEndian,
          }),
        ]);
        files.push([
          `v4-${order}.mat`,
          writeMat4(
            [{ name: 'm', rows: 20, columns: 10, values, precision: 'double' }],
            littleEndian,
          ),
        ]);
      }
      for (const [label, bytes] of files) {
        for (const cut of cutPoints(bytes.length, 40)) {
          const name = `${label}[:${cut}]`;
          const outcome = await outcomeOf(() => openBytes(bytes.subarray(0, cut), name), name);
          if (!(label.startsWith('v5') && cut === 128))
            assert.equal(outcome, 'refused', `${name} was read`);
        }
        const next = random(label.charCodeAt(1));
        for (let trial = 0; trial < 100; trial++) {
          const flipped = bytes.slice();
          const at = Math.floor(next() * Math.min(flipped.length, 300));
          flipped[at] = (flipped[at] as number) ^ (1 << Math.floor(next() * 8));
          await outcomeOf(() => openBytes(flipped, `${label}^${at}`), `${label}^${at}`);
        }
      }
    },
  );

  it('refuses truncated and flipped v7.3 files', { timeout: 120_000 }, async () => {
    const path = temp.file('good73.mat');
    const values = Array.from({ length: 400 }, (_, i) => i * 1.5);
    await writeMat73(path, [
      { name: 'm', matlabClass: 'double', rows: 40, columns: 10, values, dtype: '<d' },
    ]);
    const bytes = new Uint8Array(await fs.readFile(path));
    for (const cut of cutPoints(bytes.length, 40)) {
      const name = temp.file(`cut-${cut}.mat`);
      await fs.writeFile(name, bytes.subarray(0, cut));
      assert.equal(
        await outcomeOf(() => openDataFileAt(name), name),
        'refused',
        `${name} was read`,
      );
    }
    const next = random(73);
    for (let trial = 0; trial < 60; trial++) {
      const flipped = bytes.slice();
      const at = 512 + Math.floor(next() * (flipped.length - 512));
      flipped[at] = (flipped[at] as number) ^ (1 << Math.floor(next() * 8));
      const name = temp.file(`flip-${at}.mat`);
      await fs.writeFile(name, flipped);
      await outcomeOf(() => openDataFileAt(name), name);
    }
  });

  describe('crafted lies in size fields', () => {
    const header = matHeader(true, 0x0100, 'MATLAB 5.0 MAT-file');
    const tag = (type: number, numBytes: number) => {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setUint32(0, type, true);
      new DataView(out.buffer).setUint32(4, numBytes, true);
      return out;
    };
    const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

    it('an element claiming 4 GB in a small file: truncated, nothing allocated', async () => {
      const bytes = concat(header, tag(14, 0xfffffff0), new Uint8Array(64));
      await assert.rejects(
        openBytes(bytes, 'big.mat'),
        /big\.mat: the file is truncated: data element 1 at byte 128 needs 4294967280 bytes/,
      );
    });

    it('a compressed element whose matrix claims more than zlib can expand to', async () => {
      const inner = concat(tag(14, 0x7fffffff), new Uint8Array(32));
      const compressed = deflateSync(inner);
      const bytes = concat(header, tag(15, compressed.length), compressed);
      await assert.rejects(
        openBytes(bytes, 'bomb.mat'),
        /bomb\.mat: data element 1 at byte 128: \d+ compressed bytes cannot hold the 2147483647 bytes/,
      );
    });

    it('a matrix whose dimensions promise more data than it has', async () => {
      const good = writeMat5(
        [{ kind: 'numeric', name: 'm', class: 'double', dims: [2, 2], values: [1, 2, 3, 4] }],
        { smallElements: false },
      );
      const lying = good.slice();
      // dims data follows: tag(8) flags(8+8) dims tag(8) at 128+8+16 => dims values at 160.
      new DataView(lying.buffer).setInt32(160, 1_000_000, true);
      await assert.rejects(
        openBytes(lying, 'dims.mat'),
        /dims\.mat: .*"m" is 1000000x2 but its data has 32 bytes of double, not 16000000/,
      );
    });

    it('a negative dimension and an unknown data type', async () => {
      const good = writeMat5(
        [{ kind: 'numeric', name: 'm', class: 'double', dims: [2, 2], values: [1, 2, 3, 4] }],
        { smallElements: false },
      );
      const negative = good.slice();
      new DataView(negative.buffer).setInt32(160, -2, true);
      await assert.rejects(openBytes(negative, 'neg.mat'), /neg\.mat: .*negative dimension/);
      const unknown = good.slice();
      new DataView(unknown.buffer).setUint32(128, 99, true);
      await assert.rejects(
        openBytes(unknown, 'type.mat'),
        /type\.mat: data element 1 at byte 128: unknown top-level data type 99/,
      );
    });

    it('a compressed variable whose checksum is wrong', async () => {
      const good = writeMat5(
        [
          {
            kind: 'numeric',
            name: 'm',
            class: 'double',
            dims: [50, 2],
            values: Array.from({ length: 100 }, (_, i) => i),
          },
        ],
        { compress: true },
      );
      const bad = good.slice();
      bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff; // the last byte of the Adler-32
      // A stream this small is inflated whole while the file is listed, so either step may see it.
      await assert.rejects(
        openBytes(bad, 'adler.mat').then(readEverything),
        /adler\.mat: .*the compressed data is damaged \(zlib: incorrect data check\)/,
      );
    });

    it('a file that is neither MAT nor HDF5, and an empty file', async () => {
      await assert.rejects(
        openBytes(new TextEncoder().encode('{"title": "not data"}'), 'config.json'),
        /config\.json: not a MATLAB \.mat, HDF5 or NetCDF file \(it starts with "\{\\"title\\""\)/,
      );
      await assert.rejects(
        openBytes(new Uint8Array(0), 'empty.mat'),
        /empty\.mat: the file is empty/,
      );
    });
  });
});
