// One plain address (local@domain), as sent in a single `To`: no display name, no list, no
// whitespace or control characters (which could add headers or recipients), no quoting or
// comments. RFC 5321's limits: 64 characters before the @, 254 in all.
const ADDRESS = /^[^\s@<>()[\]\\,;:"\p{Cc}]{1,64}@[^\s@<>()[\]\\,;:"\p{Cc}.]+(\.[^\s@<>()[\]\\,;:"\p{Cc}.]+)+$/u;

/**
 * The address to send a journey email to: the trait `to` names (`"trait:email"` by default),
 * when it holds one plain address that an SMTP server can take as the only recipient. The
 * traits come from the user's identify calls, so anything else (a list, a display name, a
 * line break) is refused rather than repaired.
 */
export function emailAddressOf(traits: Record<string, unknown>, to = 'trait:email'): string | undefined {
  if (!to.startsWith('trait:')) return undefined;
  const value = Object.hasOwn(traits, to.slice('trait:'.length)) ? traits[to.slice('trait:'.length)] : undefined;
  if (typeof value !== 'string') return undefined;
  const address = value.trim();
  return address.length <= 254 && ADDRESS.test(address) ? address : undefined;
}
