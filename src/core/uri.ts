/**
 * Hides the password of a MongoDB connection string so it can be shown, logged or printed.
 * Works on any string the driver accepts (several hosts, mongodb+srv, options), and also on
 * strings that are not valid URIs, since those are exactly the ones that end up in errors.
 */
export function redactUri(uri: string): string {
  return uri.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i,
    (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      if (colon === -1) return `${scheme}${userinfo}@`;
      return `${scheme}${userinfo.slice(0, colon)}:***@`;
    },
  );
}

/** Removes every occurrence of the URI's password from a message (driver errors may echo it). */
export function redactSecrets(message: string, uri: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:@/?#]*:([^@/?#]*)@/i.exec(uri);
  const password = match?.[1];
  let text = message.split(uri).join(redactUri(uri));
  if (password) {
    text = text.split(password).join('***');
    const decoded = safeDecode(password);
    if (decoded !== password) text = text.split(decoded).join('***');
  }
  return text;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The hosts of a connection string (`db.example:27017`, or `h1:27017,h2:27017` for a replica
 * set), without its credentials, database or options: what names the server when there is no
 * room for the whole string. A string that is not a URI is given back as it is, redacted.
 */
export function uriHosts(uri: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(uri);
  return match?.[1] || redactUri(uri);
}
