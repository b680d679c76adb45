/**
 * `npm run bench` (add `-- --json` for one JSON object on the last line). Not run by CI.
 * Options: --steps T1 (default 24; T2 is 4 x T1), --observations N (default 40000),
 * --runs N (default 3), --datasets N (default 500), --workers 1,2,4, --readers-only,
 * --load-only. The server is MONGODB_URI's, otherwise an embedded FerretDB of its own.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runLoadBenchmark } from './load.js';
import { runReaderBenchmark } from './readers.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    steps: { type: 'string', default: '24' },
    observations: { type: 'string', default: '40000' },
    runs: { type: 'string', default: '3' },
    datasets: { type: 'string', default: '500' },
    workers: { type: 'string', default: '1,2,4' },
    'readers-only': { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
  },
});
const count = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`bench: --${name} needs a count`);
  return value;
};

const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model ?? 'unknown',
  memory_gb: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
};
log(
  `flux-manage benchmark on Node ${machine.node}, ${machine.cpus} x ${machine.cpu_model}, ${machine.memory_gb} GB`,
);

const summary: Record<string, unknown> = { machine };
if (!values['load-only']) {
  const readers = await runReaderBenchmark([200, 800], log);
  const byColumns = (columns: number, compressed: boolean) =>
    readers.find((result) => result.columns === columns && result.compressed === compressed);
  summary.readers = readers;
  summary.reader_rss_growth_uncompressed =
    (byColumns(800, false)?.peakRssMb ?? 0) / (byColumns(200, false)?.peakRssMb ?? 1);
  summary.reader_rss_growth_compressed =
    (byColumns(800, true)?.peakRssMb ?? 0) / (byColumns(200, true)?.peakRssMb ?? 1);
}
if (!values['readers-only']) {
  const load = await runLoadBenchmark(
    {
      steps: count('steps', values.steps),
      observations: count('observations', values.observations),
      runs: count('runs', values.runs),
      datasets: count('datasets', values.datasets),
      workers: values.workers.split(',').map((text) => count('workers', text)),
    },
    log,
  );
  Object.assign(summary, load);
  log(
    `load_vs_insert ${load.load_vs_insert.toFixed(2)} (target <= 1.1), rss_growth ${load.rss_growth.toFixed(2)} (<= 1.2), observations vs per-document inserts ${load.vs_per_doc.toFixed(1)}x (>= 10), db -l collections -x over ${load.listing.datasets} datasets ${load.listing.ms} ms (< 2000)`,
  );
}
if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
