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
      const code = await runTui(
        createUiServices(
          new MongoStore(connection.db),
          redactUri(connection.uri),
          connection.dbName,
          connection.uri,
        ),
      );
      // Work the operator walked away from (a file read that hangs on a FIFO or a dead network
      // share) must not keep the process alive once the UI is closed.
      setTimeout(() => process.exit(code), 1000).unref();
      return code;
    } finally {
      // Anything still running (a second Ctrl-C quits without waiting) stops with the client.
      await connection.client.close(true);
    }
  },
};

async function connectForUi(context: CommandContext, embedded: boolean): Promise<Connection> {
  const { settings, output } = context;
  if (embedded) return connect(await embeddedUri(context), settings.dbName);
  // Said at once: an unreachable server takes seconds to give up on.
  output.note(`Connecting to ${redactUri(settings.uri)} (database ${settings.dbName})...`);
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
 * Settings Ink and its colour library read once, when they are loaded. CI: where it is set
 * (some servers set it for every shell), the colour library turns attributes off and Ink
 * changes how it draws; the operator asked for the interactive UI on a terminal, so it is
 * cleared for this process. NO_COLOR is left to the UI's theme: it uses no colour then, but
 * keeps bold and inverse video, which NO_COLOR allows, to mark the selection.
 */
function prepareEnvironmentForInk(): void {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
