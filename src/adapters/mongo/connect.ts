import {
  AuthMechanism,
  MongoClient,
  MongoError,
  MongoParseError,
  MongoServerError,
  type Db,
  type MongoClientOptions,
  type MongoCredentials,
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
    // `ping` needs no login; listing collections does, and every command starts with it. A
    // server that wants a login it was not given says so here, in one line, not later.
    await db.listCollections({ name: '' }, { nameOnly: true }).toArray();
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
  const refused = refusal(uri, error, reason);
  if (refused) return new FluxError('connection', refused, { cause: error });
  const version = unsupportedVersion(reason);
  if (version) {
    return new FluxError('connection', `MongoDB at ${redactUri(uri)} ${version}`, {
      cause: error,
    });
  }
  return new FluxError(
    'connection',
    `cannot reach MongoDB at ${redactUri(uri)}: ${inPlainWords(reason)}`,
    {
      cause: error,
    },
  );
}

/** The MongoDB release that introduced each wire version up to the driver's floor. */
const RELEASE_OF_WIRE_VERSION = [
  '2.4 or older',
  '2.6',
  '2.6',
  '3.0',
  '3.2',
  '3.4',
  '3.6',
  '4.0',
  '4.2',
];

/**
 * The driver's "wire version" refusal in an operator's words: which server was found, which
 * ones flux-manage supports, what to do. The supported range is the driver's own, read from
 * its message so that a driver upgrade cannot make this line wrong.
 */
function unsupportedVersion(reason: string): string | undefined {
  const tooOld =
    /reports (?:maximum )?wire version (\d+), but this version of the (?:Node\.js )?driver requires at least \d+ \(MongoDB ([\d.]+)\)/i.exec(
      reason,
    );
  if (tooOld) {
    const wire = Number(tooOld[1]);
    const release = RELEASE_OF_WIRE_VERSION[wire] ?? 'older than 4.4';
    return `is too old: it speaks wire version ${wire} (MongoDB ${release}); flux-manage supports MongoDB ${tooOld[2]} or newer and FerretDB v1.24 or newer. Upgrade the server, or load into a supported one (README: Supported servers).`;
  }
  const tooNew =
    /(?:requires|reports minimum) wire version (\d+), but this version of the (?:Node\.js )?driver (?:only supports up to|requires at most) \d+ \(MongoDB ([\d.]+)\)/i.exec(
      reason,
    );
  if (tooNew) {
    return `is newer than this flux-manage can talk to: it requires wire version ${tooNew[1]}, and flux-manage supports MongoDB up to ${tooNew[2]}. Use a newer flux-manage, or a server of a supported version (README: Supported servers).`;
  }
  return undefined;
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
    refusal(uri, error, reason) ??
      `MongoDB at ${redactUri(uri)} failed during the command: ${reason}`,
    { cause: error },
  );
}

/** MongoDB's codes for "who are you?" (a login refused) and "not you" (a command refused). */
const AUTHENTICATION_FAILED = 18;
const UNAUTHORIZED = 13;

/** The server's code, on the error or on the error it wraps (a pool reports a failed login so). */
function serverCode(error: unknown): number | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (cause instanceof MongoServerError && typeof cause.code === 'number') return cause.code;
    cause = cause.cause;
  }
  return undefined;
}

/**
 * A server that was reached but refused us, said as such (not "cannot reach"): whose login
 * failed, with which mechanism and against which database, or that it wants a login it was
 * not given. The user name and mechanism are the driver's reading of the URI; the password is
 * never shown.
 */
function refusal(uri: string, error: unknown, reason: string): string | undefined {
  const code = serverCode(error);
  if (code !== AUTHENTICATION_FAILED && code !== UNAUTHORIZED) return undefined;
  const credentials = credentialsOf(uri);
  const server = redactUri(uri);
  if (code === AUTHENTICATION_FAILED) {
    const mechanism =
      !credentials || credentials.mechanism === AuthMechanism.MONGODB_DEFAULT
        ? 'SCRAM (the default mechanism; authMechanism in the URI picks another)'
        : credentials.mechanism;
    const user = credentials?.username ? `user "${credentials.username}"` : 'no user name';
    const source = credentials?.source ? `, auth database "${credentials.source}"` : '';
    return `authentication failed at ${server} for ${user} with ${mechanism}${source}: check the user name, the password and authSource (the server said: ${reason})`;
  }
  if (!credentials?.username)
    return `MongoDB at ${server} requires authentication: give a user and password in the URI (mongodb://USER:PASSWORD@HOST/, with authSource=DB if the user is not defined in admin) (the server said: ${reason})`;
  return `user "${credentials.username}" is not allowed to do this at ${server}: it needs a role such as readWrite on the database (the server said: ${reason})`;
}

/** The credentials the driver reads from a URI (parsing only: nothing is connected). */
function credentialsOf(uri: string): MongoCredentials | undefined {
  try {
    return new MongoClient(uri).options.credentials;
  } catch {
    return undefined;
  }
}

/** How long a ping may go unanswered before the server counts as gone (the TUI's status). */
export const PING_TIMEOUT_MS = 2000;

/**
 * A ping that fails when the server does not answer within `ms`: a server that was killed
 * refuses at once, but one that hangs (stopped, or its host gone from the network) would keep
 * the driver waiting for its server selection timeout, or longer. Before giving up, an answer
 * that has already arrived is let in (the timer and the socket may be ready together, after a
 * long piece of work held the event loop).
 */
export function pingWithin(
  uri: string,
  ping: () => Promise<void>,
  ms = PING_TIMEOUT_MS,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(
            new FluxError(
              'connection',
              `MongoDB did not answer a ping within ${ms / 1000} s (${redactUri(uri)})`,
            ),
          );
        }),
      ms,
    );
    ping().then(
      () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
