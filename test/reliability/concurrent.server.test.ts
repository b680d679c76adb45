import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { gridLoad, runFluxManage } from '#test/support/cli.js';
import { datasetContents } from '#test/support/contents.js';
import { writeMat5 } from '#test/support/matWriter.js';
import { useTestDatabase } from '#test/support/server.js';
import { useTempDir } from '#test/support/tempDir.js';

const server = useTestDatabase('concurrent');
const temp = useTempDir('concurrent');

describe('two loads into the same new name at once', () => {
  let file = '';
  const load = (name: string) =>
    runFluxManage(gridLoad(file, name, ['-q']), {
      env: server.env,
    });

  before(async () => {
    const cells = 2000;
    const steps = 12;
    const values: number[] = [];
    for (let cell = 0; cell < cells; cell++) values.push((cell % 360) - 179.5);
    for (let cell = 0; cell < cells; cell++) values.push(Math.floor(cell / 360) - 89.5);
    for (let k = 0; k < steps; k++)
      for (let cell = 0; cell < cells; cell++) values.push(k + cell / 1000);
    file = temp.file('race.mat');
    await fs.writeFile(
      file,
      writeMat5(
        [{ kind: 'numeric', name: 'm', class: 'double', dims: [cells, 2 + steps], values }],
        { compress: true },
      ),
    );
    assert.equal((await load('race_reference')).code, 0);
  });

  for (let round = 1; round <= 4; round++) {
    it(`round ${round}: one succeeds, the other fails clearly, nothing is corrupted`, async () => {
      const name = `race_${round}`;
      const [first, second] = await Promise.all([load(name), load(name)]);
      const outcomes = [first, second].sort((a, b) => (a.code ?? 9) - (b.code ?? 9));
      assert.equal(outcomes[0]?.code, 0, outcomes[0]?.stderr);
      assert.equal(outcomes[1]?.code, 1, 'the other one fails');
      const message = outcomes[1]?.stderr.trim() ?? '';
      assert.equal(message.split('\n').length, 1, message);
      // It lost the race for the lock, or came second and found the times already there.
      assert.match(
        message,
        new RegExp(`dataset "${name}" is busy: a load by pid \\d+|dataset "${name}" already has`),
      );
      const [stored, reference] = await Promise.all([
        datasetContents(server.db, name),
        datasetContents(server.db, 'race_reference'),
      ]);
      assert.deepEqual(stored, reference);
      const audit = JSON.parse(
        (await runFluxManage(['db', '-a', '--json'], { env: server.env })).stdout,
      ) as { clean: boolean };
      assert.equal(audit.clean, true);
    });
  }
});
