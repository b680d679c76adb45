import {
  MongoClient,
  MongoError,
  MongoParseError,
  type Db,
  type MongoClientOptions,
} from 'mongodb';
import { FluxError, UsageError, describeError } from '#core/errors.js';
import { redactSecrets, redactUri } from '#core/uri.js';

export interface Connection {
  client: MongoClient;
  db: Db;
  uri: string;
  dbName: string;
  close(): Promise<void>;
}

/** How long to wait for an unreachable server before saying so (SPEC 2: a few seconds). */
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Opens a client, checks that the server answers `ping`, and turns every failure into one
 * line an operator can act on, with the password hidden.
 */
export async function connect(
  uri: string,
  dbName: string,
  options: { timeoutMs?: number; appName?: string } = {},
): Promise<Connection> {
  const client = createClient(uri, options);
  try {
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    return { client, db, uri, dbName, close: () => client.close() };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw connectionError(uri, error);
  }
}

function createClient(uri: string, options: { timeoutMs?: number; appName?: string }): MongoClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Options in the URI win: an operator who wrote serverSelectionTimeoutMS meant it.
  const clientOptions: MongoClientOptions = { appName: options.appName ?? 'flux-manage' };
  if (!/[?&]serverSelectionTimeoutMS=/i.test(uri))
    clientOptions.serverSelectionTimeoutMS = timeoutMs;
  if (!/[?&]connectTimeoutMS=/i.test(uri)) clientOptions.connectTimeoutMS = timeoutMs;
  try {
    return new MongoClient(uri, clientOptions);
  } catch (error) {
    throw connectionError(uri, error);
  }
}

export function connectionError(uri: string, error: unknown): FluxError {
  if (error instanceof FluxError) return error;
  const reason = redactSecrets(describeError(error), uri);
  if (
    error instanceof MongoParseError ||
    /Invalid scheme|Invalid connection string/i.test(reason)
  ) {
    return new UsageError(`invalid MongoDB URI ${redactUri(uri)}: ${reason}`);
  }
  return new FluxError(
    'connection',
    `cannot reach MongoDB at ${redactUri(uri)}: ${inPlainWords(reason)}`,
    {
      cause: error,
    },
  );
}

/** The driver's most common reasons, said as an operator would, the driver's words kept after. */
function inPlainWords(reason: string): string {
  const timeout = /Server selection timed out after (\d+) ms/.exec(reason);
  if (timeout)
    return `no answer within ${Number(timeout[1]) / 1000} s (is the server running, and is this its address?)`;
  if (/ECONNREFUSED/.test(reason)) return `nothing is listening there (${reason})`;
  if (/ENOTFOUND|EAI_AGAIN/.test(reason)) return `the host name is not known (${reason})`;
  return reason;
}

/** A driver error met mid-command (the server went away or refused) as one line; others pass. */
export function driverFailure(uri: string, error: unknown): unknown {
  if (!(error instanceof MongoError)) return error;
  const reason = redactSecrets(describeError(error), uri);
  return new FluxError(
    'connection',
    `MongoDB at ${redactUri(uri)} failed during the command: ${reason}`,
    { cause: error },
  );
}
