import {
  DEFAULT_EMBEDDED_PORT,
  ENGINES,
  embeddedStatus,
  startEmbedded,
  stopEmbedded,
  type Engine,
} from '#adapters/embedded/server.js';
import { UsageError } from '#core/errors.js';
import type { CommandSpec } from '../spec.js';

export const embeddedCommand: CommandSpec = {
  name: 'embedded',
  summary: 'start, stop or check the embedded MongoDB-compatible server (FerretDB on 127.0.0.1)',
  usage:
    'flux-manage embedded start|stop|status [--port N] [--data DIR] [--engine ferretdb|mongod] [--json]',
  description: [
    'Runs FerretDB v1.24.2 with its SQLite backend on 127.0.0.1, telemetry disabled, for people',
    'without a MongoDB server. FerretDB is taken from FERRETDB_BIN, then PATH, then the user cache,',
    'and otherwise built once with Go. `start` returns once the server answers ping.',
  ].join('\n'),
  connects: false,
  positionals: [
    {
      name: 'ACTION',
      description: 'what to do',
      required: true,
      choices: ['start', 'stop', 'status'],
    },
  ],
  options: [
    {
      long: 'port',
      value: 'N',
      description: `TCP port on 127.0.0.1 (default ${DEFAULT_EMBEDDED_PORT}; 0 picks a free one)`,
    },
    {
      long: 'data',
      value: 'DIR',
      description: "data directory (default: the user's data directory)",
    },
    {
      long: 'engine',
      value: 'NAME',
      description: 'server to run (default ferretdb)',
      choices: ENGINES,
    },
  ],
  examples: [
    'flux-manage embedded start',
    'flux-manage embedded status --json',
    'flux-manage embedded stop',
  ],
  async run(args, { output }) {
    const action = args.positionals[0];
    const data = typeof args.options.data === 'string' ? args.options.data : undefined;
    if (action === 'status') {
      const status = await embeddedStatus(data);
      if (output.json) output.result(status);
      else if (status.running) {
        output.line(
          `Embedded ${status.engine} is running at ${status.uri} (pid ${status.pid}, data ${status.data})`,
        );
      } else output.line(`Embedded server is not running (data ${status.data})`);
      return 0;
    }
    if (action === 'stop') {
      const result = await stopEmbedded(data);
      if (output.json) output.result({ stopped: result.wasRunning, ...result });
      else if (result.wasRunning) output.line('Embedded server stopped.');
      else
        output.line(
          `Embedded server was not running${result.stalePidFile ? ' (removed a stale pid file)' : ''}.`,
        );
      return 0;
    }
    const status = await startEmbedded({
      dataDir: data,
      port: parsePort(args.options.port),
      engine: (args.options.engine as Engine | undefined) ?? 'ferretdb',
      onProgress: (line) => output.note(line),
    });
    const { alreadyRunning, ...shown } = status;
    if (output.json) output.result({ ...shown, alreadyRunning });
    else {
      output.line(
        `Embedded ${status.engine} ${alreadyRunning ? 'was already running' : 'started'} at ${status.uri} (pid ${status.pid}, data ${status.data})`,
      );
      output.line(`Use it with: --uri ${status.uri}  (or export MONGODB_URI=${status.uri})`);
    }
    return 0;
  },
};

function parsePort(value: string | boolean | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`embedded: --port must be 0..65535 (got "${value}")`);
  return port;
}
