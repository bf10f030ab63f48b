import { inHoldout } from '@touchpoint/content';
import { z } from 'zod';
import type { Api } from '../api.js';
import { reportDay, reportRange } from '../range.js';
import type { ContentCache } from '../content-cache.js';
import { chanceToBeat, differenceCi95, sampleRatioPValue, sampleSizePerGroup, twoProportionPValue } from '../stats.js';
import type { EventStore, ReportStore } from '../store/store.js';

/** Below this p-value the split does not match the configuration: the results are not to be trusted. */
const SRM_THRESHOLD = 0.001;

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const round = (x: number | null, digits = 6) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * `GET /v1/reports/experiments/:experimentId` (secret key): per variant (and the control
 * group), users exposed, conversions, rate, lift against the baseline (control, or the
 * first variant when there is none), the 95% interval of the difference, the two-sided
 * p-value, the chance to beat the baseline, the sample-ratio-mismatch check, and the users
 * still needed for 80% power at the minimum detectable effect.
 */
export function registerExperimentRoutes(app: Api, store: EventStore & ReportStore, content: ContentCache, now: () => number) {
  /**
   * `GET /v1/reports/holdout?event=NAME&from=YYYY-MM-DD&to=YYYY-MM-DD` (secret key): the
   * lift of all tech-touch content together, over whole UTC days. Users active in the window
   * are split by the same `inHoldout` the SDK uses (`settings.holdout` percent saw no
   * unsolicited content); per group: users, goal events per user, and the share who did the
   * goal at least once, with the lift of the rest over the holdout and the p-value of that
   * share's difference. Read from the rollups kept at ingest (active users, and each user's
   * events per name and day), never from raw events.
   */
  const GOAL = 'is required: the goal event';
  const holdoutQuery = z
    .object({ from: reportDay.optional(), to: reportDay.optional(), event: z.string({ error: GOAL }).min(1, GOAL) })
    .transform(reportRange(now));
  app.get('/v1/reports/holdout', { config: { auth: 'viewer' }, schema: { querystring: holdoutQuery } }, async (request) => {
    const { project, query: parsed } = request;
    const percent = (await content.get(project.id)).doc?.settings?.holdout ?? 0;
    const groups = { holdout: { users: 0, events: 0, converted: 0 }, rest: { users: 0, events: 0, converted: 0 } };
    for (const { key, count } of await store.eventsPerUser(project.id, parsed.event, parsed.range)) {
      const g = inHoldout(percent, key) ? groups.holdout : groups.rest;
      g.users++;
      g.events += count;
      if (count > 0) g.converted++;
    }
    const describe = (g: typeof groups.rest) => ({
      users: g.users,
      eventsPerUser: g.users ? round(g.events / g.users) : null,
      converted: g.converted,
      rate: g.users ? round(g.converted / g.users) : null,
    });
    const holdout = describe(groups.holdout);
    const rest = describe(groups.rest);
    return {
      event: parsed.event,
      from: parsed.from,
      to: parsed.to,
      holdoutPercent: percent,
      holdout,
      rest,
      lift: holdout.eventsPerUser && rest.eventsPerUser !== null ? round(rest.eventsPerUser / holdout.eventsPerUser - 1) : null,
      pValue: round(finite(twoProportionPValue(groups.holdout.converted, groups.holdout.users, groups.rest.converted, groups.rest.users))),
    };
  });

  const experimentRoute = { config: { auth: 'viewer' }, schema: { params: z.object({ experimentId: z.string() }) } } as const;
  app.get('/v1/reports/experiments/:experimentId', experimentRoute, async (request, reply) => {
    const { project } = request;
    const experiment = (await content.get(project.id)).experiments.byId.get(request.params.experimentId);
    if (!experiment) return reply.code(404).send({ error: `no experiment "${request.params.experimentId}" in the published content` });

    const counts = new Map((await store.experimentCounts(project.id, experiment.id)).map((c) => [c.variant, c]));
    const control = experiment.control ?? 0;
    const weightSum = experiment.variants.reduce((sum, v) => sum + Math.max(0, v.weight), 0) || 1;
    const groups = [
      ...(control > 0 ? [{ id: 'control', share: control }] : []),
      ...experiment.variants.map((v) => ({ id: v.id, share: ((100 - control) * Math.max(0, v.weight)) / weightSum })),
    ].map((g) => ({ ...g, users: counts.get(g.id)?.users ?? 0, conversions: counts.get(g.id)?.conversions ?? 0 }));
    const base = groups[0]!;
    const baseRate = base.users ? base.conversions / base.users : 0;

    const variants = groups.map((g) => {
      const rate = g.users ? g.conversions / g.users : 0;
      const isBase = g === base;
      const [lo, hi] = differenceCi95(base.conversions, base.users, g.conversions, g.users);
      return {
        variation_id: g.id,
        users: g.users,
        conversions: g.conversions,
        rate: round(rate),
        lift: isBase || !baseRate ? null : round((rate - baseRate) / baseRate),
        ci95: isBase ? null : [round(finite(lo)), round(finite(hi))],
        pValue: isBase ? null : round(finite(twoProportionPValue(base.conversions, base.users, g.conversions, g.users))),
        chanceToBeatControl: isBase || !g.users || !base.users ? null : round(chanceToBeat(base.conversions, base.users, g.conversions, g.users)),
      };
    });
    const srm = finite(
      sampleRatioPValue(
        groups.map((g) => g.users),
        groups.map((g) => g.share),
      ),
    );
    const mde = experiment.minimumDetectableEffect ?? 0.1;
    const perGroup = finite(sampleSizePerGroup(baseRate, mde));
    const fewest = Math.min(...groups.map((g) => g.users));
    return {
      experiment_id: experiment.id,
      goal: { event: experiment.goal.event, withinDays: experiment.goal.withinDays ?? null },
      baseline: base.id,
      variants,
      srm: { pValue: round(srm), ok: srm === null || srm >= SRM_THRESHOLD },
      sampleSize: { minimumDetectableEffect: mde, perVariant: perGroup, remaining: perGroup === null ? null : Math.max(0, perGroup - fewest) },
    };
  });
}
