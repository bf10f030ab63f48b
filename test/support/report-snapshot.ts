import { ERASED_USER, PROFILE_USERS, STREAM_ACCOUNTS } from './event-stream.js';

/**
 * Everything an installation reports about the event stream (CONTRACT §5 and the dashboard's
 * reports), fetched over HTTP: two installations fed the same events must answer the same.
 * Stored events are compared without `receivedAt` (when each collector got them) and with
 * `timestamp` to the second: the clock correction uses each collector's own arrival time.
 */
export async function reportSnapshot(url: string, secretKey: string, writeKey: string): Promise<Record<string, unknown>> {
  const get = async (path: string, auth = true) => {
    const res = await fetch(new URL(path, url), auth ? { headers: { authorization: `Bearer ${secretKey}` } } : {});
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  const out: Record<string, unknown> = {};
  for (const path of [
    '/v1/reports/adoption',
    '/v1/reports/adoption?tier=high',
    '/v1/reports/flows/welcome',
    '/v1/reports/experiments/export-copy',
    '/v1/reports/surveys/nps',
    '/v1/reports/health',
    '/v1/reports/overview',
    '/v1/reports/holdout?event=Report%20Exported',
    '/v1/reports/targets',
    ...Object.keys(STREAM_ACCOUNTS).map((a) => `/v1/reports/accounts/${a}`),
  ]) {
    out[path] = await get(path);
  }
  for (const user of PROFILE_USERS) out[`profile ${user}`] = await get(`/v1/profile?key=${writeKey}&userId=${user}`, false);
  out['profile a33'] = await get(`/v1/profile?key=${writeKey}&anonymousId=a33`, false);
  out['events'] = await allEvents(url, secretKey);
  out[`events of ${ERASED_USER}`] = await get(`/v1/events?userId=${ERASED_USER}&limit=10`);
  return comparable(out) as Record<string, unknown>;
}

/** Every stored event, newest first, page after page. */
async function allEvents(url: string, secretKey: string): Promise<Array<Record<string, unknown>>> {
  const events: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  do {
    const page = new URL('/v1/events?limit=1000', url);
    if (cursor) page.searchParams.set('cursor', cursor);
    const res = await fetch(page, { headers: { authorization: `Bearer ${secretKey}` } });
    const body = (await res.json()) as { events: Array<Record<string, unknown>>; next?: string };
    events.push(...body.events);
    cursor = body.next;
  } while (cursor);
  return events;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
// Times in ms since the epoch (2001 to 2286) among the numbers.
const isEpochMs = (v: number) => Number.isInteger(v) && v > 1e12 && v < 1e13;

/**
 * The snapshot without what depends on each collector's own clock: `receivedAt` and `asOf` go, and
 * every time (ISO or ms) is kept to the second. The stream's events happen on whole seconds
 * and the clock correction adds a few ms, which differ by collector.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'string') return ISO.test(value) ? value.slice(0, 19) : value;
  if (typeof value === 'number') return isEpochMs(value) ? Math.floor(value / 1000) : value;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'receivedAt' && k !== 'asOf')
      .map(([k, v]) => [k, comparable(v)]),
  );
}
