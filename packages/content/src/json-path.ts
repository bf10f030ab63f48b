/**
 * Formats a path of keys and indexes the way every Touchpoint error names a place in a
 * document: `batch[3].properties.plan`, `flows[0].steps[2].target`.
 * Keys that are not plain identifiers are quoted: `traits["first name"]`.
 * An empty path is the root and formats as `""`.
 */
export function formatJsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
