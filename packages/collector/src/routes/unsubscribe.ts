import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Api } from '../api.js';
import { addressKey, suppressionScope } from '../journeys/email/address-key.js';
import { UNSUBSCRIBE_PATH } from '../journeys/email/unsubscribe-link.js';
import { pageLanguage, unsubscribePage, type UnsubscribePageState } from '../journeys/email/unsubscribe-page.js';
import { verifyUnsubscribe, type UnsubscribeSubject } from '../journeys/email/unsubscribe-token.js';
import type { HealthStore, ProjectStore, UnsubscribeStore } from '../store/store.js';

type Store = Pick<UnsubscribeStore, 'unsubscribe' | 'unsubscribedAt' | 'suppressAddress' | 'addressSuppressedAt' | 'unsubscribeSecret'> &
  Pick<HealthStore, 'emailAddressesOf'> &
  Pick<ProjectStore, 'listProjects'>;

const querystring = z.object({ t: z.string({ error: 'must be given once: the token of the unsubscribe link' }) });

// The page runs nothing and loads nothing; its form posts to itself. The token is in the URL:
// no referrer carries it away, and nothing caches it.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * One-click unsubscribe from journey email (CONTRACT §6, RFC 8058), open to anyone holding a
 * link (`auth: 'none'`: the signed token is the credential, so there is no session and no
 * CSRF cookie): `GET /v1/unsubscribe?t=TOKEN` answers a page that asks to confirm (opening a
 * link changes nothing: mail scanners open links), `POST` (the page's button, or a mail
 * client's `List-Unsubscribe=One-Click`) records it, for the user and for the address the
 * email went to (the project's suppression list, kept when the user is erased). A bad token
 * is 400 with the reason, as a page for browsers and in the API's error shape for other clients.
 */
export function registerUnsubscribeRoutes(api: Api, store: Store, now: () => number) {
  async function subjectOf(request: FastifyRequest<{ Querystring: { t: string } }>, reply: FastifyReply): Promise<UnsubscribeSubject | undefined> {
    const subject = verifyUnsubscribe(request.query.t, await store.unsubscribeSecret());
    if (!('problem' in subject)) return subject;
    await answer(request, reply.code(400), 'invalid', { error: `query parameter t: ${subject.problem}`, details: [{ path: 't', message: subject.problem }] });
    return undefined;
  }

  api.get(UNSUBSCRIBE_PATH, { config: { auth: 'none' }, schema: { querystring } }, async (request, reply) => {
    const subject = await subjectOf(request, reply);
    if (!subject) return reply;
    const done =
      (await store.unsubscribedAt(subject.projectId, subject.userKey)) !== undefined &&
      (!subject.address || (await store.addressSuppressedAt(subject.address.scope, subject.address.key)) !== undefined);
    return answer(request, reply, done ? 'done' : 'confirm', { unsubscribed: done });
  });

  // The one-click POST carries `List-Unsubscribe=One-Click` form-encoded, and the page's
  // button the same: nothing in the body decides anything, so this scope reads any body as text.
  api.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    // The route's limit (not the parser's): the one the decoding of a compressed body and the 413's message read.
    scope.post(UNSUBSCRIBE_PATH, { bodyLimit: 4096, config: { auth: 'none' }, schema: { querystring } }, async (request, reply) => {
      const subject = await subjectOf(request, reply);
      if (!subject) return reply;
      // The user, and the address the email went to.
      await store.unsubscribe(subject.projectId, subject.userKey, now());
      for (const address of subject.address ? [subject.address] : await addressesOfOldLink(store, subject))
        await store.suppressAddress(address.scope, address.key, now());
      return answer(request, reply, 'done', { unsubscribed: true });
    });
  });
}

/**
 * The addresses a link sent before addresses were signed into it stands for: those the
 * project's journey emails to the user went to (the outbox keeps them, sent or waiting).
 */
async function addressesOfOldLink(store: Store, subject: UnsubscribeSubject): Promise<Array<{ scope: number; key: string }>> {
  const addresses = await store.emailAddressesOf(subject.projectId, subject.userKey);
  if (!addresses.length) return [];
  const project = (await store.listProjects()).find((p) => p.id === subject.projectId);
  const secret = await store.unsubscribeSecret();
  return addresses.map((address) => ({ scope: suppressionScope(project ?? { id: subject.projectId, productionId: null }), key: addressKey(address, secret) }));
}

/** A page for browsers (who ask for HTML), the JSON for everyone else. */
function answer(request: FastifyRequest, reply: FastifyReply, state: UnsubscribePageState, json: object): FastifyReply {
  if (!/\btext\/html\b/.test(request.headers.accept ?? '')) return reply.send(json);
  return reply
    .headers(PAGE_HEADERS)
    .type('text/html; charset=utf-8')
    .send(unsubscribePage(state, pageLanguage(request.headers['accept-language'])));
}
