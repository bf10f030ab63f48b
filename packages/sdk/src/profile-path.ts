import type { WhoIsIt } from './controller.js';

/** The collector path of the user's profile (`GET /v1/profile`): by user id (with its proof, when given), else by anonymous id. */
export function profilePath(who: Pick<WhoIsIt, 'userId' | 'anonymousId' | 'userHash'>): string {
  return `/v1/profile?${
    who.userId
      ? `userId=${encodeURIComponent(who.userId)}${who.userHash ? `&userHash=${encodeURIComponent(who.userHash)}` : ''}`
      : `anonymousId=${encodeURIComponent(who.anonymousId)}`
  }`;
}
