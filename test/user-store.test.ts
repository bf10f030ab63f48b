import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../packages/collector/src/store/sqlite-store.js';
import type { MetadataStore } from '../packages/collector/src/store/store.js';
import { outcome, postgresStores } from './support/postgres-stores.js';

/*
 * The users aggregate (CONTRACT §8) on both engines: the same calls answer the same on
 * SQLite (the reference) and PostgreSQL, and what only instances at once can show (two owners
 * demoting each other at the same moment) is checked on PostgreSQL.
 */

const { stores: postgres } = postgresStores();

const json = (value: unknown): unknown => (value === undefined ? 'undefined' : JSON.parse(JSON.stringify(value)));

/** The same calls, in order, against one store: each answer recorded under a name. */
async function script(store: MetadataStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const record = async (name: string, call: () => Promise<unknown>) => {
    out[name] = json(await outcome(call));
  };
  const a = await store.createProject({ name: 'a', writeKey: 'wk_a', secretKey: 'sk_a', origins: [] });
  const b = await store.createProject({ name: 'b', writeKey: 'wk_b', secretKey: 'sk_b', origins: [] });
  // Users
  await record('create ann', () => store.createUser({ email: 'ann@x.example', passwordHash: 'scrypt$h1', mustChangePassword: true, createdAt: 100 }));
  await record('create bob', () => store.createUser({ email: 'bob@x.example', passwordHash: 'scrypt$h2', mustChangePassword: false, createdAt: 200 }));
  await record('create a.b', () => store.createUser({ email: 'a.b@x.example', passwordHash: 'scrypt$h3', mustChangePassword: false, createdAt: 300 }));
  await record('create a taken email', () => store.createUser({ email: 'ann@x.example', passwordHash: 'x', mustChangePassword: false, createdAt: 1 }));
  await record('by email', () => store.userByEmail('ann@x.example'));
  await record('by unknown email', () => store.userByEmail('nobody@x.example'));
  await record('set password', () => store.setPassword(1, 'scrypt$h1b', false));
  await record('after set password', () => store.userByEmail('ann@x.example'));
  // Memberships: ann owns every project; bob edits a; a.b views b
  await record('ann everywhere', () => store.setMembership(1, null, 'owner'));
  await record('bob on a', () => store.setMembership(2, a.id, 'editor'));
  await record('a.b on b', () => store.setMembership(3, b.id, 'viewer'));
  await record('members of a', () => store.projectMembers(a.id));
  await record('members of b', () => store.projectMembers(b.id));
  await record('memberships of ann', () => store.memberships(1));
  await record('demote the last owner of a', () => store.setMembership(1, a.id, 'publisher'));
  await record('remove the last owner of b', () => store.setMembership(1, b.id, null));
  await record('members of a unchanged', () => store.projectMembers(a.id));
  await record('bob owns a', () => store.setMembership(2, a.id, 'owner'));
  await record('now ann may leave a', () => store.setMembership(1, a.id, null));
  await record('memberships of ann after', () => store.memberships(1));
  await record('members of a after', () => store.projectMembers(a.id));
  await record('members of b after', () => store.projectMembers(b.id));
  await record('ann back on a as viewer', () => store.setMembership(1, a.id, 'viewer'));
  await record('bob may not leave a now', () => store.setMembership(2, a.id, null));
  await record('bob leaves b where he has nothing', () => store.setMembership(2, b.id, null));
  await record('memberships of bob', () => store.memberships(2));
  // Sessions
  await record('session s1', () => store.createSession({ hash: 's1', userId: 1, createdAt: 1000, expiresAt: 1_000_000 }));
  await record('session s2', () => store.createSession({ hash: 's2', userId: 1, createdAt: 1000, expiresAt: 10_000 }));
  await record('session s3 of bob', () => store.createSession({ hash: 's3', userId: 2, createdAt: 1000, expiresAt: 3000 }));
  await record('signed in', () => store.userByEmail('ann@x.example'));
  await record('use s1', () => store.useSession('s1', 1500, 1000));
  await record('use s1 at the idle limit of its creation', () => store.useSession('s1', 2000, 1000));
  await record('use s2 after its idle time', () => store.useSession('s2', 2001, 1000));
  await record('use s1 a minute after', () => store.useSession('s1', 61_500, 61_000));
  await record('use s1 later, kept alive by that use', () => store.useSession('s1', 122_000, 61_000));
  await record('use s1 past its absolute expiry', () => store.useSession('s1', 1_000_000, 10_000_000));
  await record('use an unknown session', () => store.useSession('nope', 1500, 1000));
  await record('a session for a user that does not exist', () => store.createSession({ hash: 's9', userId: 99, createdAt: 1, expiresAt: 2 }));
  await record('end s2', () => store.endSession('s2'));
  await record('s2 ended', () => store.useSession('s2', 1100, 1000));
  await record('session s4', () => store.createSession({ hash: 's4', userId: 1, createdAt: 2000, expiresAt: 10_000 }));
  await record('session s5', () => store.createSession({ hash: 's5', userId: 1, createdAt: 2000, expiresAt: 10_000 }));
  await record('end ann’s sessions but s4', () => store.endUserSessions(1, 's4'));
  await record('s4 kept', () => store.useSession('s4', 2100, 1000));
  await record('s5 ended', () => store.useSession('s5', 2100, 1000));
  await record('end all of ann’s', () => store.endUserSessions(1));
  await record('s4 ended', () => store.useSession('s4', 2100, 1000));
  // Invitations
  const inv = (hash: string, email: string, projectId: number, createdAt: number, expiresAt: number) =>
    store.saveInvitation({ hash, email, projectId, role: 'editor', createdAt, expiresAt });
  await record('invite cat to a', () => inv('i1', 'cat@x.example', a.id, 1000, 5000));
  await record('invite dan to a', () => inv('i2', 'dan@x.example', a.id, 1000, 3000));
  await record('invite cat to b', () => inv('i3', 'cat@x.example', b.id, 1000, 5000));
  await record('invitation i1', () => store.invitation('i1', 4999));
  await record('invitation i1 at expiry', () => store.invitation('i1', 5000));
  await record('pending of a', () => store.pendingInvitations(a.id, 2000));
  await record('pending of a later', () => store.pendingInvitations(a.id, 3000));
  await record('invite cat to a again replaces', () => inv('i4', 'cat@x.example', a.id, 2000, 6000));
  await record('the first link is gone', () => store.invitation('i1', 2000));
  await record('take i4', () => store.takeInvitation('i4', 2500));
  await record('take i4 again', () => store.takeInvitation('i4', 2500));
  await record('take i2 expired', () => store.takeInvitation('i2', 3000));
  await record('drop cat on b', () => store.dropInvitations(b.id, 'cat@x.example'));
  await record('pending of b', () => store.pendingInvitations(b.id, 2000));
  await record('invite to a project that does not exist', () => inv('i5', 'x@x.example', 99, 1, 2));
  return out;
}

describe('the users store', () => {
  it('answers every call on PostgreSQL as on SQLite', async () => {
    const sqlite = openSqliteStore(':memory:');
    const [pg] = await postgres();
    const expected = await script(sqlite);
    const actual = await script(pg!);
    await sqlite.close();
    for (const name of Object.keys(expected)) expect({ [name]: actual[name] }).toEqual({ [name]: expected[name] });
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    // What the answers mean, not only that two engines agree.
    expect(expected['create a taken email']).toEqual({ threw: true });
    expect(expected['demote the last owner of a']).toBe('last-owner');
    expect(expected['remove the last owner of b']).toBe('last-owner');
    expect(expected['now ann may leave a']).toBe('ok');
    expect(expected['bob may not leave a now']).toBe('last-owner');
    expect(expected['members of a after']).toEqual([{ email: 'bob@x.example', role: 'owner', lastSignInAt: null }]);
    expect(expected['members of b after']).toEqual([
      { email: 'a.b@x.example', role: 'viewer', lastSignInAt: null },
      { email: 'ann@x.example', role: 'owner', lastSignInAt: null },
    ]);
    expect(expected['memberships of ann after']).toEqual([
      { projectId: null, role: 'owner' },
      { projectId: 1, role: 'none' },
    ]);
    expect((expected['signed in'] as { lastSignInAt: number }).lastSignInAt).toBe(1000);
    expect(expected['use s1']).toMatchObject({ email: 'ann@x.example' });
    expect(expected['use s1 at the idle limit of its creation']).toBe('undefined');
    expect(expected['use s2 after its idle time']).toBe('undefined');
    expect(expected['use s1 later, kept alive by that use']).toMatchObject({ email: 'ann@x.example' });
    expect(expected['use s1 past its absolute expiry']).toBe('undefined');
    expect(expected['a session for a user that does not exist']).toEqual({ threw: true });
    expect(expected['end ann’s sessions but s4']).toBe(2);
    expect(expected['s4 kept']).toMatchObject({ email: 'ann@x.example' });
    expect(expected['s5 ended']).toBe('undefined');
    expect(expected['pending of a']).toHaveLength(2);
    expect(expected['pending of a later']).toHaveLength(1);
    expect(expected['take i4']).toMatchObject({ email: 'cat@x.example', role: 'editor' });
    expect(expected['take i4 again']).toBe('undefined');
    expect(expected['take i2 expired']).toBe('undefined');
    expect(expected['drop cat on b']).toBe(1);
    expect(expected['invite to a project that does not exist']).toEqual({ threw: true });
  });

  it('keeps an owner when two owners take each other’s role at once (PostgreSQL, two instances)', async () => {
    const [one, two] = await postgres(1);
    const p = await one!.createProject({ name: 'p', writeKey: 'wk', secretKey: 'sk', origins: [] });
    for (let round = 0; round < 10; round++) {
      const x = await one!.createUser({ email: `x${round}@x.example`, passwordHash: 'h', mustChangePassword: false, createdAt: 1 });
      const y = await one!.createUser({ email: `y${round}@x.example`, passwordHash: 'h', mustChangePassword: false, createdAt: 1 });
      const q = await one!.createProject({ name: `q${round}`, writeKey: `wk${round}`, secretKey: `sk${round}`, origins: [] });
      await one!.setMembership(x.id, q.id, 'owner');
      await one!.setMembership(y.id, q.id, 'owner');
      const results = await Promise.all([one!.setMembership(x.id, q.id, 'viewer'), two!.setMembership(y.id, q.id, null)]);
      expect(results.sort()).toEqual(['last-owner', 'ok']);
      expect((await one!.projectMembers(q.id)).filter((m) => m.role === 'owner')).toHaveLength(1);
    }
    expect(await one!.projectMembers(p.id)).toEqual([]);
  });
});
