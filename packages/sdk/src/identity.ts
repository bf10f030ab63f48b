import { ANONYMOUS_ID_KEY as ANONYMOUS_ID } from '@touchpoint/content';
import { atom, type ReadableAtom } from 'nanostores';
import type { KeyValueStore } from './storage.js';

export interface Identity {
  /** Persisted per browser; renewed by `reset()`. */
  anonymousId: string;
  userId?: string;
  traits: Record<string, unknown>;
  /** The account (`group`) the user acts in. */
  groupId?: string;
  groupTraits: Record<string, unknown>;
}

const USER = 'tp.user';
const GROUP = 'tp.group';

interface Saved {
  id?: unknown;
  traits?: unknown;
}

export interface IdentityActions {
  $identity: ReadableAtom<Identity>;
  /** Sets the user; a different user id replaces the traits, the same one merges them. */
  identify(userId: string | undefined, traits: Record<string, unknown> | undefined): void;
  /** Sets the account, with the same replace-or-merge rule as `identify`. */
  group(groupId: string, traits: Record<string, unknown> | undefined): void;
  /** Forgets user, account and traits, and starts a new anonymous id. */
  reset(): void;
}

/** The `$identity` store: who the user and their account are, persisted across page loads. */
export function createIdentity(store: KeyValueStore, newId: () => string): IdentityActions {
  const $identity = atom<Identity>(load());

  function load(): Identity {
    let anonymousId = store.get<unknown>(ANONYMOUS_ID);
    if (typeof anonymousId !== 'string' || !anonymousId) {
      anonymousId = newId();
      store.set(ANONYMOUS_ID, anonymousId);
    }
    // Storage is shared with the host page: trust nothing read back from it.
    const user = store.get<Saved>(USER);
    const group = store.get<Saved>(GROUP);
    return {
      anonymousId: anonymousId as string,
      userId: idOf(user),
      traits: traitsOf(user),
      groupId: idOf(group),
      groupTraits: traitsOf(group),
    };
  }

  return {
    $identity,
    identify(userId, traits) {
      const current = $identity.get();
      const sameUser = userId === undefined || userId === current.userId;
      const next = { ...(sameUser ? current.traits : {}), ...traits };
      const id = userId ?? current.userId;
      store.set(USER, { id, traits: next });
      $identity.set({ ...current, userId: id, traits: next });
    },
    group(groupId, traits) {
      const current = $identity.get();
      const next = { ...(groupId === current.groupId ? current.groupTraits : {}), ...traits };
      store.set(GROUP, { id: groupId, traits: next });
      $identity.set({ ...current, groupId, groupTraits: next });
    },
    reset() {
      store.remove(USER);
      store.remove(GROUP);
      const anonymousId = newId();
      store.set(ANONYMOUS_ID, anonymousId);
      $identity.set({ anonymousId, traits: {}, groupTraits: {} });
    },
  };
}

function idOf(saved: Saved | undefined): string | undefined {
  return typeof saved?.id === 'string' && saved.id ? saved.id : undefined;
}

function traitsOf(saved: Saved | undefined): Record<string, unknown> {
  const traits = saved?.traits;
  return traits && typeof traits === 'object' && !Array.isArray(traits) ? (traits as Record<string, unknown>) : {};
}
