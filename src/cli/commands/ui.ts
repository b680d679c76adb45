import { render } from 'ink';
import { createElement } from 'react';
import { connect } from '#adapters/mongo/connect.js';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { startEmbedded } from '#adapters/embedded/server.js';
import { UsageError } from '#core/errors.js';
import { listDatasets } from '#core/operations/listDatasets.js';
import { redactUri } from '#core/uri.js';
import { App } from '#ui/App.js';
import type { CommandSpec } from '../spec.js';

export const uiCommand: CommandSpec = {
  name: 'ui',
  summary: 'open the full-screen terminal UI (the default on a terminal)',
  usage: 'flux-manage ui [--embedded] [--uri URI] [--db NAME]',
  connects: true,
  options: [{ long: 'embedded', description: 'start the embedded server if needed and use it' }],
  async run(args, context) {
    if (!context.interactive) {
      throw new UsageError(
        'ui: the terminal UI needs a terminal; run `flux-manage --help` for the commands',
      );
    }
    let uri = context.settings.uri;
    if (args.options.embedded) {
      const status = await startEmbedded({ onProgress: (line) => context.output.note(line) });
      uri = status.uri ?? uri;
    }
    const connection = await connect(uri, context.settings.dbName);
    try {
      const store = new MongoStore(connection.db);
      const app = render(
        createElement(App, {
          server: redactUri(uri),
          database: context.settings.dbName,
          listDatasets: () => listDatasets(store, { counts: true }),
        }),
      );
      await app.waitUntilExit();
    } finally {
      await connection.close();
    }
    return 0;
  },
};
