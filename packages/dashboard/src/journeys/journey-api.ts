/**
 * The collector's journey endpoints as the dashboard calls them, in one place so their shapes
 * are easy to follow: the "who would enter now" preview of a draft journey and a published
 * journey's results.
 */
import type { ContentDocument, Journey } from '@touchpoint/content';
import { api, type Project } from '../api.js';

/** `POST /v1/journeys/preview`: who would enter if the journey were published now. */
export interface JourneyPreview {
  /** Users the collector knows and looked at. */
  evaluated: number;
  /** Of them, those the audience matches now. */
  matching: number;
  /** Of those, who would newly enter (not already in, and allowed by the repeat rule). */
  entering: number;
  /** Of those entering, how many the holdout would keep from the action. */
  holdout: number;
}

/** One entry of the report's newest: who, when, in which group, what happened. */
export interface JourneyEntry {
  userKey: string;
  /** An ISO date (or milliseconds). */
  enteredAt: string | number;
  holdout: boolean;
  outcome: 'acted' | 'holdout' | 'skipped';
  /** Why it was skipped (`unsubscribed`, `no-address`, `capped`…). */
  reason?: string;
  converted: boolean;
}

/** `GET /v1/reports/journeys/:id` (CONTRACT §6 and its extensions). */
export interface JourneyReport {
  /** Users who entered, the holdout included. */
  entered: number;
  /** Entries the action ran for. */
  acted: number;
  /** Of those acted on, the emails and webhooks never delivered (refused for good, or unsubscribed since). */
  undelivered?: number;
  /** Of the acted-on entries, those that reached the goal. */
  converted: number;
  holdout: { entered: number; converted: number };
  /** Entries whose action did not run, by reason. */
  skipped: Record<string, number>;
  /** The same by user, each once (the group of their first entry; converted by any entry): what lift, pValue and ci95 compare. Absent from older collectors. */
  users?: { entered: number; converted: number; holdout: { entered: number; converted: number } };
  /** The acted group's conversion rate against the holdout's, relative; null without data on either side. */
  lift: number | null;
  pValue: number | null;
  /** The 95% interval of the difference of the two rates. */
  ci95: [number, number] | null;
  /** The newest entries (20). */
  recent: JourneyEntry[];
}

/** Who would enter `journey` now, checked inside `document`: the draft being edited (its segments, and content only the draft has). */
export const previewJourney = (project: Project, journey: Journey, document: ContentDocument): Promise<JourneyPreview> =>
  api<JourneyPreview>(project, '/v1/journeys/preview', { method: 'POST', body: { journey, document } });

/** The path of a published journey's report (404 when it is not in the published content). */
export const journeyReportPath = (id: string) => `/v1/reports/journeys/${encodeURIComponent(id)}`;
