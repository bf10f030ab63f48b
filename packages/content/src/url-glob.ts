/**
 * Whether a URL matches a glob as PMs write them in triggers and steps.
 *
 * - `*` matches any run of characters (slashes included): `/app/*` matches `/app/reports/2024`.
 * - The glob's path must match the whole path; a trailing slash on either side is ignored.
 * - Query: each `name=value` pair in the glob must be present (values may use `*`); other
 *   parameters of the URL are ignored. Without `?` in the glob, any query matches.
 * - Hash: with `#…` in the glob, the URL's hash must match it; without, any hash matches.
 * - A glob starting with `http://` or `https://` must match the origin too.
 * Never throws: an unreadable URL matches nothing.
 */
export function matchUrlGlob(glob: string, url: string): boolean {
  // Audiences test the same page URL many times per decision: parse it once.
  if (url !== lastUrl) {
    lastUrl = url;
    try {
      lastParsed = new URL(url, 'http://localhost');
    } catch {
      lastParsed = undefined;
    }
  }
  const target = lastParsed;
  if (!target) return false;
  let rest = glob.trim();
  const origin = /^https?:\/\/[^/?#]*/i.exec(rest);
  if (origin) {
    if (!globRegExp(origin[0].toLowerCase()).test(target.origin)) return false;
    rest = rest.slice(origin[0].length) || '/';
  }
  const hashAt = rest.indexOf('#');
  const hashGlob = hashAt >= 0 ? rest.slice(hashAt + 1) : undefined;
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const queryAt = rest.indexOf('?');
  const queryGlob = queryAt >= 0 ? rest.slice(queryAt + 1) : undefined;
  const pathGlob = queryAt >= 0 ? rest.slice(0, queryAt) : rest;

  // Globs are written by people, unencoded (`/café`); compare with the decoded path.
  if (!globRegExp(trimSlash(pathGlob || '/')).test(trimSlash(decode(target.pathname)))) return false;
  if (hashGlob !== undefined && !globRegExp(hashGlob).test(target.hash.slice(1))) return false;
  if (queryGlob) {
    for (const [name, value] of new URLSearchParams(queryGlob)) {
      const actual = target.searchParams.getAll(name);
      if (!actual.some((v) => globRegExp(value).test(v))) return false;
    }
  }
  return true;
}

function decode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

let lastUrl: string | undefined;
let lastParsed: URL | undefined;
// Compiled globs, bounded: a document has at most a few hundred.
const compiled = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  let re = compiled.get(glob);
  if (re) return re;
  if (compiled.size > 1000) compiled.clear();
  re = compileGlob(glob);
  compiled.set(glob, re);
  return re;
}

function compileGlob(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}
