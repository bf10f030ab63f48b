import { EVENTS, HISTORY, lifecycleOf } from '@touchpoint/content';
import type { EventRow } from '../store.js';
import { sqlJsonValue } from '../sql-json-value.js';

/** A row of the `events` table: the message as received, and what reads select on, taken out of it once at ingest. */
export interface EventRecord {
  project_id: number;
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  group_id: string | null;
  /** The user id, else the anonymous id: the table is sorted by it. */
  user_key: string;
  timestamp: number;
  received_at: number;
  /** Its place in the write that stored it: among events of one time and receipt, the order they were stored in. */
  seq: number;
  payload: string;
  /** The content a lifecycle event is about (`lifecycleOf`), and whether it is part of the content's history. */
  content_id: string | null;
  history: 0 | 1;
  /** `Feature Used`'s feature id, when a string. */
  feature_id: string | null;
  /** `Survey Answered`: the survey (when a string), the score as JSON, and the comment (else the answer) when a non-empty string. */
  survey_id: string | null;
  score: string;
  text: string | null;
  /** `Element Clicked`'s path, as the SDK sent it (JSON), for retroactive features. */
  click_path: string | null;
}

/** The `events` row of an event to store. */
export function eventRecord(projectId: number, row: EventRow, seq: number): EventRecord {
  const p = row.properties ?? {};
  const life = row.type === 'track' && row.event !== null ? lifecycleOf(row.event, p) : undefined;
  const answered = row.event === EVENTS.surveyAnswered;
  const text = answered ? (sqlJsonValue(p.comment) ?? sqlJsonValue(p.answer)) : null;
  const path = row.event === EVENTS.elementClicked ? sqlJsonValue(p.path) : null;
  return {
    project_id: projectId,
    message_id: row.messageId,
    type: row.type,
    event: row.event,
    user_id: row.userId,
    anonymous_id: row.anonymousId,
    group_id: row.groupId,
    user_key: row.userId ?? row.anonymousId ?? '',
    timestamp: row.timestamp,
    received_at: row.receivedAt,
    seq,
    payload: row.payload,
    content_id: life?.contentId ?? null,
    history: life && HISTORY.includes(life.means) ? 1 : 0,
    feature_id: row.event === EVENTS.featureUsed && typeof p.feature_id === 'string' ? p.feature_id : null,
    survey_id: answered && typeof p.survey_id === 'string' ? p.survey_id : null,
    score: answered ? JSON.stringify(sqlJsonValue(p.score)) : 'null',
    text: typeof text === 'string' && text !== '' ? text : null,
    click_path: path === null ? null : String(path),
  };
}
