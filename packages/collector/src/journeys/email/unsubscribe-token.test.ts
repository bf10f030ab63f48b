import { expect, it } from 'vitest';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-token.js';

const SECRET = 'installation-secret';

it('verifies a token it signed, and refuses one changed, cut, for another subject or signed with another secret', () => {
  const token = signUnsubscribe({ projectId: 3, userKey: 'ada@example.com' }, SECRET);
  expect(verifyUnsubscribe(token, SECRET)).toEqual({ projectId: 3, userKey: 'ada@example.com' });

  const [payload, mac] = token.split('.') as [string, string];
  const other = Buffer.from(JSON.stringify([4, 'ada@example.com'])).toString('base64url');
  const bob = Buffer.from(JSON.stringify([3, 'bob'])).toString('base64url');
  const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
  for (const bad of [`${other}.${mac}`, `${bob}.${mac}`, `${payload}.${flipped}`, token.slice(0, -3), payload, '', '.', `.${mac}`, 'x'.repeat(5000)]) {
    expect(verifyUnsubscribe(bad, SECRET)).toEqual({ problem: expect.stringContaining('not valid') });
  }
  expect(verifyUnsubscribe(token, 'another-installation')).toHaveProperty('problem');
});

it('carries the address (its key and list) signed: it cannot be moved to another address or list', () => {
  const address = { scope: 1, key: 'hmac-of-ada' };
  const token = signUnsubscribe({ projectId: 3, userKey: 'u1', address }, SECRET);
  expect(verifyUnsubscribe(token, SECRET)).toEqual({ projectId: 3, userKey: 'u1', address });
  const mac = token.split('.')[1]!;
  for (const fields of [
    [3, 'u1', 1, 'hmac-of-bob'],
    [3, 'u1', 2, 'hmac-of-ada'],
    [3, 'u1'],
  ]) {
    const forged = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
    expect(verifyUnsubscribe(forged, SECRET)).toEqual({ problem: expect.stringContaining('not valid') });
  }
});
