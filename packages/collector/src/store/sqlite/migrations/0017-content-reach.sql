-- The overview's reach (users each content item was shown to, completed or dismissed by) as a
-- distinct-user rollup, kind 'content', key event || char(0) || content id: from the events
-- already stored. Written out, not read from the lifecycle table: a migration keeps the
-- meaning it had when it was released. The tier is the account's today (ingest takes the tier
-- at the time, which was not kept). A preview tab's events count for nothing.
INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits)
SELECT project_id, 'content', event || char(0) || content_id, day >> 5, user_key, tier, 1 << (day & 31)
FROM (
  SELECT e.project_id, e.event, e.timestamp / 86400000 AS day, COALESCE(e.user_id, e.anonymous_id) AS user_key, COALESCE(a.tier, '') AS tier,
         CASE
           WHEN e.event IN ('Flow Started', 'Flow Completed') OR (e.event = 'Flow Dismissed' AND json_extract(e.payload, '$.properties.reason') IS NOT 'target_missing')
             THEN CASE WHEN json_type(e.payload, '$.properties.flow_id') = 'text' THEN json_extract(e.payload, '$.properties.flow_id') END
           WHEN e.event IN ('Message Shown', 'Message Clicked', 'Message Dismissed')
             THEN CASE WHEN json_type(e.payload, '$.properties.message_id') = 'text' THEN json_extract(e.payload, '$.properties.message_id') END
           WHEN e.event IN ('Survey Shown', 'Survey Answered', 'Survey Dismissed')
             THEN CASE WHEN json_type(e.payload, '$.properties.survey_id') = 'text' THEN json_extract(e.payload, '$.properties.survey_id') END
           WHEN e.event = 'Checklist Item Completed'
             THEN CASE WHEN json_type(e.payload, '$.properties.checklist_id') = 'text' AND json_type(e.payload, '$.properties.item_id') = 'text'
                       THEN json_extract(e.payload, '$.properties.checklist_id') || '/' || json_extract(e.payload, '$.properties.item_id') END
           WHEN e.event = 'Checklist Dismissed'
             THEN CASE WHEN json_type(e.payload, '$.properties.checklist_id') = 'text' THEN json_extract(e.payload, '$.properties.checklist_id') END
         END AS content_id
  FROM events e LEFT JOIN accounts a ON a.project_id = e.project_id AND a.account_id = e.group_id
  WHERE e.project_id IN (SELECT id FROM projects) AND e.type = 'track'
    AND e.event IN ('Flow Started', 'Flow Completed', 'Flow Dismissed', 'Message Shown', 'Message Clicked', 'Message Dismissed',
                    'Survey Shown', 'Survey Answered', 'Survey Dismissed', 'Checklist Item Completed', 'Checklist Dismissed')
    AND COALESCE(e.user_id, e.anonymous_id) IS NOT NULL AND json_type(e.payload, '$.context.preview') IS NOT 'true'
)
WHERE content_id IS NOT NULL
ON CONFLICT DO UPDATE SET bits = bits | excluded.bits;
