import { connect, driverFailure, type Connection } from '#adapters/mongo/connect.js';
import { MongoStore } from '#adapters/mongo/MongoStore.js';
import { resolveConnectionSettings, type ConnectionSettings } from '#core/settings.js';
import type { DatasetStore } from '#core/store.js';
import type { ParsedArgs } from './spec.js';
import { Output, type Stream } from './output.js';

export interface Terminal {
  stdout: Stream;
  stderr: Stream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  terminal: Terminal;
  output: Output;
  settings: ConnectionSettings;
  /** Both ends are a terminal: prompts and the TUI are possible. */
  interactive: boolean;
  /** Connects, runs `work`, and always closes the connection. */
  withStore<T>(work: (store: DatasetStore, connection: Connection) => Promise<T>): Promise<T>;
}

export function createContext(terminal: Terminal, args: ParsedArgs): CommandContext {
  const option = (name: string) => {
    const value = args.options[name];
    return typeof value === 'string' ? value : undefined;
  };
  const settings = resolveConnectionSettings(
    { uri: option('uri'), db: option('db') },
    terminal.env,
  );
  const output = new Output(
    terminal.stdout,
    terminal.stderr,
    args.options.json === true,
    args.options.quiet === true,
  );
  return {
    terminal,
    output,
    settings,
    interactive: Boolean(terminal.stdin.isTTY && terminal.stdout.isTTY),
    async withStore(work) {
      const connection = await connect(settings.uri, settings.dbName);
      try {
        return await work(new MongoStore(connection.db), connection);
      } catch (error) {
        // A driver error that reaches here means the server went away or refused mid-command.
        throw driverFailure(settings.uri, error);
      } finally {
        await connection.close();
      }
    },
  };
}
