import { describe, expect, it } from 'vitest';
import { contactOf } from './widgets.js';

const who = (groupTraits: Record<string, unknown>) => ({ anonymousId: 'a', traits: {}, groupTraits });
const text = (t: unknown) => String(t);

describe('the resource center’s contact entry', () => {
  const contact = { label: 'Talk to us', email: 'help@example.com', accountTrait: 'csm', tiers: ['high'] };

  it('goes to the account’s own manager for the listed tiers, else to the help address', () => {
    expect(contactOf(contact, who({ tier: 'high', csm: 'kim@vendor.example' }), text)).toEqual({ label: 'Talk to us', href: 'mailto:kim@vendor.example' });
    expect(contactOf(contact, who({ tier: 'low', csm: 'kim@vendor.example' }), text)).toEqual({ label: 'Talk to us', href: 'mailto:help@example.com' });
    expect(contactOf(contact, who({ tier: 'high' }), text)?.href).toBe('mailto:help@example.com');
    // Without tiers, any account with the trait; a booking link works as well as an address.
    expect(contactOf({ accountTrait: 'csm', url: 'https://example.com/help' }, who({ csm: 'https://cal.example.com/kim' }), text)).toEqual({ label: undefined, href: 'https://cal.example.com/kim' });
    expect(contactOf(undefined, who({}), text)).toBeUndefined();
  });

  it('never makes a link of another scheme, whatever an account trait holds', () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'JavaScript:alert(1)//@x', 'vbscript:x']) {
      expect(contactOf({ accountTrait: 'csm' }, who({ csm: bad }), text)).toBeUndefined();
      expect(contactOf({ accountTrait: 'csm', email: 'help@example.com' }, who({ csm: bad }), text)?.href).toBe('mailto:help@example.com');
    }
  });
});
