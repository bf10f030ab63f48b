import { describe, expect, it } from 'vitest';
import { validateContent } from './validate-content.js';
import { isPrivateAddress, webhookUrlProblem } from './network-address.js';

describe('isPrivateAddress', () => {
  it('knows loopback, private, link-local, CGNAT, multicast, reserved and documentation ranges, in IPv4 and IPv6 forms', () => {
    const privates = [
      '127.0.0.1',
      '127.255.255.254',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '198.18.0.1',
      '::1',
      '::',
      '[::1]',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '::127.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::',
      '2001:db8::1',
      'fe80::1%eth0',
      'not an address',
      '1.2.3',
      '2001::1',
    ];
    const publics = [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700:4700::1111',
      '[2a00:1450:4001::200e]',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '2002:808:808::',
    ];
    expect(privates.filter((ip) => !isPrivateAddress(ip))).toEqual([]);
    expect(publics.filter((ip) => isPrivateAddress(ip))).toEqual([]);
  });
});

describe('webhookUrlProblem', () => {
  it('refuses loopback, link-local and private targets however they are written (was: all accepted)', () => {
    const refused = [
      'http://169.254.169.254/latest/meta-data/',
      'http://localhost:8080/hook',
      'http://LOCALHOST./hook',
      'http://api.localhost/hook',
      'http://[::1]:22/',
      'http://10.0.0.5/hook',
      'http://192.168.1.10/',
      'http://0x7f000001/',
      'http://127.1/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00::1]/',
    ];
    expect(refused.filter((url) => webhookUrlProblem(url) === undefined)).toEqual([]);
    expect(webhookUrlProblem('http://0x7f000001/')).toBe(
      'must not point to a loopback, private or link-local address (127.0.0.1); a self-hosted installation can allow them with `--allow-private-webhooks`',
    );
    for (const url of [
      'https://hooks.slack.com/services/T0/B0/x',
      'https://crm.example.com/hooks/touchpoint',
      'http://93.184.216.34/hook',
      'https://[2606:4700::1111]/',
    ]) {
      expect(webhookUrlProblem(url), url).toBeUndefined();
    }
  });

  it('allows private targets when asked, but never other schemes', () => {
    expect(webhookUrlProblem('http://10.0.0.5/hook', true)).toBeUndefined();
    expect(webhookUrlProblem('ftp://example.com/x', true)).toBe('must be an http(s) URL');
    expect(webhookUrlProblem('/relative', true)).toBe('must be an absolute http(s) URL');
  });

  it('is what validateContent applies to health alert webhooks', () => {
    const doc = { version: 1, health: { signals: [{ event: 'A', weight: 1 }], alerts: [{ below: 40, webhook: 'http://169.254.169.254/' }] } };
    expect(validateContent(doc)).toEqual({
      ok: false,
      errors: [{ path: 'health.alerts[0].webhook', message: expect.stringContaining('must not point to a loopback') }],
    });
    expect(validateContent(doc, { allowPrivateWebhooks: true }).ok).toBe(true);
  });
});
