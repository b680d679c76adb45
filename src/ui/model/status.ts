import stringWidth from 'string-width';
import { interruptedSummary } from '#core/operations/notices.js';
import { redactUri, uriHosts } from '#core/uri.js';
import { truncateMiddle } from '../format.js';
import type { AppState } from './types.js';

const SEPARATOR = '  ';

function connectionWords(app: AppState): string {
  const connection = app.connection;
  if (connection.state === 'connecting') return 'connecting...';
  if (connection.state === 'disconnected') return 'disconnected (retrying)';
  return 'connected';
}

/**
 * The ways of naming the server, longest first: the URI (its password hidden), then without
 * its user, database and options (`mongodb://db.example:27017`), then its hosts alone. The
 * user name goes with the options: a shortened form never holds credentials of any kind.
 */
function serverForms(server: string): string[] {
  const hosts = uriHosts(server);
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(server)?.[0] ?? '';
  return [...new Set([redactUri(server), `${scheme}${hosts}`, hosts])];
}

/** "FerretDB v1.24.2 (MongoDB 7.0.77)", then "FerretDB v1.24.2", then nothing. */
function versionForms(version: string): string[] {
  return [...new Set([version, version.replace(/ \(.*\)$/, ''), ''])];
}

/**
 * The status bar's text for a terminal `width` columns wide: the connection state and the
 * database always whole; the server as long as it fits (the URI, then its hosts, then its
 * hosts cut in the middle), and the server's version only where room is left over. A long URI
 * used to push the database off the end of the line at 80 columns.
 */
export function statusText(app: AppState, width: number): string {
  const state = connectionWords(app);
  const database = `db ${app.database}`;
  const line = (server: string, version: string) =>
    ` ${[state, server, database, version].filter(Boolean).join(SEPARATOR)}`;
  const versions = app.connection.state === 'connecting' ? [''] : versionForms(app.version);
  for (const server of serverForms(app.server))
    for (const version of versions)
      if (stringWidth(line(server, version)) <= width) return line(server, version);
  // Not even the hosts fit: what is left of the line, the hosts cut in the middle.
  const room = width - stringWidth(line('', '')) - SEPARATOR.length;
  return line(room >= 4 ? truncateMiddle(uriHosts(app.server), room) : '', '');
}

/** The message line's note on datasets an operation holds: how many, and which the list does not show. */
export function heldNotice(app: AppState, held: readonly string[] = app.held): string {
  const listed = new Set((app.datasets ?? []).map((row) => row.name));
  return `! ${interruptedSummary(held, (name) => listed.has(name)) ?? ''} (a)`;
}
