/** Where to connect, resolved from flags, then the environment, then the defaults (SPEC 2). */
export interface ConnectionSettings {
  uri: string;
  dbName: string;
  /** True when neither --uri nor MONGODB_URI said where the server is. */
  uriIsDefault: boolean;
}

export const DEFAULT_URI = 'mongodb://localhost:27017';
export const DEFAULT_DB = 'fluxvis';

export function resolveConnectionSettings(
  flags: { uri?: string | undefined; db?: string | undefined },
  env: Record<string, string | undefined>,
): ConnectionSettings {
  const uri = nonEmpty(flags.uri) ?? nonEmpty(env.MONGODB_URI);
  return {
    uri: uri ?? DEFAULT_URI,
    dbName: nonEmpty(flags.db) ?? nonEmpty(env.FLUX_DB) ?? DEFAULT_DB,
    uriIsDefault: uri === undefined,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
