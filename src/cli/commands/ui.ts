import { embeddedStatus, startEmbedded } from '#adapters/embedded/server.js';
import { connect, type Connection } from '#adapters/mongo/connect.js';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { FluxError, UsageError } from '#core/errors.js';
import { redactUri } from '#core/uri.js';
import { confirm } from '../confirm.js';
import type { CommandContext } from '../context.js';
import type { CommandSpec } from '../spec.js';

export const uiCommand: CommandSpec = {
  name: 'ui',
  summary: 'open the full-screen terminal UI (the default on a terminal)',
  usage: 'flux-manage ui [--embedded] [--uri URI] [--db NAME]',
  description:
    'With no server configured (no --uri, no MONGODB_URI) and none answering on localhost, it offers to start the embedded one.',
  connects: true,
  options: [
    {
      long: 'embedded',
      description: 'use the embedded server, starting it (and building FerretDB) if needed',
    },
  ],
  async run(args, context) {
    if (!context.interactive) {
      throw new UsageError(
        'ui: the terminal UI needs a terminal; run `flux-manage --help` for the commands',
      );
    }
    const connection = await connectForUi(context, args.options.embedded === true);
    try {
      prepareEnvironmentForInk();
      const [{ runTui }, { createUiServices }] = await Promise.all([
        import('#ui/run.js'),
        import('../uiServices.js'),
      ]);
      await runTui(
        createUiServices(
          new MongoStore(connection.db),
          redactUri(connection.uri),
          connection.dbName,
        ),
      );
    } finally {
      await connection.close();
    }
    return 0;
  },
};

async function connectForUi(context: CommandContext, embedded: boolean): Promise<Connection> {
  const { settings, output } = context;
  if (embedded) return connect(await embeddedUri(context), settings.dbName);
  try {
    return await connect(settings.uri, settings.dbName, {
      timeoutMs: settings.uriIsDefault ? 1500 : undefined,
    });
  } catch (error) {
    if (!settings.uriIsDefault) throw error;
  }
  // Nothing configured and nothing on localhost: the embedded server, if the operator agrees.
  const status = await embeddedStatus();
  if (status.running && status.uri) return connect(status.uri, settings.dbName);
  const yes = await confirm(
    context.terminal,
    'No MongoDB server is configured or answering on localhost. Start the embedded one (FerretDB)?',
  );
  if (!yes)
    throw new FluxError(
      'connection',
      'no server: give one with --uri or MONGODB_URI, or run `flux-manage embedded start`',
    );
  output.note('Starting the embedded server...');
  return connect(await embeddedUri(context), settings.dbName);
}

async function embeddedUri(context: CommandContext): Promise<string> {
  const status = await startEmbedded({ onProgress: (line) => context.output.note(line) });
  if (!status.uri)
    throw new FluxError('embedded', 'the embedded server started without an address');
  return status.uri;
}

/**
 * Settings Ink reads once, when it is loaded. NO_COLOR: Ink's colour library does not read it,
 * so it is said in its own words. CI: where it is set (some servers set it for every shell),
 * Ink draws only the last frame, at exit, which leaves an operator's terminal blank; the
 * operator asked for the interactive UI on a terminal, so it is cleared for this process.
 */
function prepareEnvironmentForInk(): void {
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
