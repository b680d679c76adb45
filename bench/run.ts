/**
 * `npm run bench` (add `-- --json` for one JSON object on the last line). Not run by CI.
 */
import { runReaderBenchmark } from './readers.js';

const json = process.argv.includes('--json');
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

log(
  `flux-manage benchmark on ${process.version}, ${(await import('node:os')).cpus().length} cores`,
);
const readers = await runReaderBenchmark([200, 800], log);
const byColumns = (columns: number, compressed: boolean) =>
  readers.find((result) => result.columns === columns && result.compressed === compressed);
const summary = {
  readers,
  reader_rss_growth_uncompressed:
    (byColumns(800, false)?.peakRssMb ?? 0) / (byColumns(200, false)?.peakRssMb ?? 1),
  reader_rss_growth_compressed:
    (byColumns(800, true)?.peakRssMb ?? 0) / (byColumns(200, true)?.peakRssMb ?? 1),
};
log(
  `reader peak RSS growth for 4x the columns: uncompressed ${summary.reader_rss_growth_uncompressed.toFixed(2)}, compressed ${summary.reader_rss_growth_compressed.toFixed(2)}`,
);
if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
