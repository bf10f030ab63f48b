import { z } from 'zod';
import { issueAccessToken } from '../access-tokens.js';
import type { Api } from '../api.js';
import { audit } from '../audit.js';
import type { Store } from '../store/store.js';

/** An app URL: absolute http(s), as long as browsers take. */
const appUrl = z
  .string({ error: 'must be the URL of a page of your app' })
  .max(2048, 'must be at most 2048 characters')
  .refine((url) => {
    try {
      return ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL of a page of your app');

/**
 * The URL with `#touchpoint-NAME=TOKEN` in its fragment. A fragment the app uses (a hash
 * route, `#/todos`) is kept before it: the SDK takes its own part out and leaves the rest.
 */
export function withToolFragment(url: string, name: string, token: string): string {
  const parsed = new URL(url);
  const rest = parsed.hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part && !part.startsWith('touchpoint-'));
  parsed.hash = [...rest, `touchpoint-${name}=${token}`].join('&');
  return parsed.toString();
}

/**
 * The team's tools (CONTRACT §7): preview tokens (`POST /v1/preview`, for editors and the
 * builder) and builder sessions (`POST /v1/builder/sessions`, for editors: a builder session
 * cannot start another).
 */
export function registerToolRoutes(app: Api, store: Store, now: () => number) {
  const previewBody = z.object({ url: appUrl.optional() }, { error: 'must be a JSON object, {} or { "url": APP_URL }' }).nullish();
  app.post('/v1/preview', { config: { auth: ['builder', 'editor'] }, schema: { body: previewBody } }, async (request) => {
    const issued = await issueAccessToken(store, request.project, 'preview', request.actor, now());
    const url = request.body?.url;
    await audit(request, 'preview.token', 'preview', { expiresAt: issued.expiresAt });
    return { ...issued, ...(url && { url: withToolFragment(url, 'preview', issued.token) }) };
  });

  const sessionBody = z.object({ url: appUrl }, { error: 'must be { "url": APP_URL }' });
  app.post('/v1/builder/sessions', { config: { auth: 'editor' }, schema: { body: sessionBody } }, async (request) => {
    const issued = await issueAccessToken(store, request.project, 'builder', request.actor, now());
    // The app's page, without its fragment (where a token of another tool could be).
    await audit(request, 'builder.session', 'builder', { url: request.body.url.replace(/#.*$/, ''), expiresAt: issued.expiresAt });
    return { ...issued, url: withToolFragment(request.body.url, 'builder', issued.token) };
  });
}
