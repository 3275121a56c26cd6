/**
 * A small query-string codec for the URL hash that keeps links readable: values are
 * percent-encoded except for `,` and `:` (used by pairs and schedule short forms), and a
 * value may itself be a `name;key=value;...` list whose parts are encoded the same way.
 */

/** Percent-encodes `text` for a hash value, leaving `,` `:` `/` readable. */
export function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%3A/gi, ':').replace(/%2F/gi, '/');
}

/** Decodes a value; `undefined` when the percent-encoding is malformed. */
export function decodeValue(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Splits `a=1&b=2&b=3` into raw (still encoded) pairs, in order. */
export function splitQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    pairs.push([decodeValue(key) ?? key, eq < 0 ? '' : part.slice(eq + 1)]);
  }
  return pairs;
}

/** Joins already-encoded pairs into a query string. */
export function joinQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encodeValue(k)}=${v}`).join('&');
}

/** The view and raw pairs of a hash such as `#race?surface=beale&steps=300`. */
export function splitHash(hash: string): { view: string; pairs: Array<[string, string]> } {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = text.indexOf('?');
  const view = (q < 0 ? text : text.slice(0, q)).replace(/^\//, '');
  return { view, pairs: splitQuery(q < 0 ? '' : text.slice(q + 1)) };
}
