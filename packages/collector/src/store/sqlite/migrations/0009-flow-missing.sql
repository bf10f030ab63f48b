-- The flow report's per-step `missing`, from the events already stored: each Flow Target
-- Missing counts for its step (rollups kept it only from this version on), and a Flow
-- Dismissed with reason target_missing is no dismissal (kept as one before): its day's bit
-- goes where the user did not also close the flow that day. Written out, not read from the
-- lifecycle table: a migration keeps the meaning it had when it was released. The tier is
-- the account's today (ingest takes the tier at the time, which was not kept).
INSERT INTO user_days (project_id, kind, key, block, user_key, tier, bits)
     SELECT e.project_id, 'flow', json_extract(e.payload, '$.properties.flow_id') || char(0) || 'missing' || char(0) || json_extract(e.payload, '$.properties.step_id'),
            (e.timestamp / 86400000) >> 5, COALESCE(e.user_id, e.anonymous_id), COALESCE(a.tier, ''), 1 << ((e.timestamp / 86400000) & 31)
     FROM events e LEFT JOIN accounts a ON a.project_id = e.project_id AND a.account_id = e.group_id
     WHERE e.project_id IN (SELECT id FROM projects) AND e.event = 'Flow Target Missing' AND COALESCE(e.user_id, e.anonymous_id) IS NOT NULL
       AND json_type(e.payload, '$.properties.flow_id') = 'text' AND json_type(e.payload, '$.properties.step_id') = 'text'
     ON CONFLICT DO UPDATE SET bits = bits | excluded.bits;
   WITH days AS (
     SELECT project_id, json_extract(payload, '$.properties.flow_id') || char(0) || 'dismissed' AS key, COALESCE(user_id, anonymous_id) AS user_key, timestamp / 86400000 AS day
     FROM events
     WHERE project_id IN (SELECT id FROM projects) AND event = 'Flow Dismissed' AND COALESCE(user_id, anonymous_id) IS NOT NULL AND json_type(payload, '$.properties.flow_id') = 'text'
     GROUP BY 1, 2, 3, 4
     HAVING MIN(json_extract(payload, '$.properties.reason') IS 'target_missing') = 1
   ), blocks AS (SELECT project_id, key, user_key, day >> 5 AS block, SUM(1 << (day & 31)) AS mask FROM days GROUP BY 1, 2, 3, 4)
   UPDATE user_days SET bits = bits & ~blocks.mask FROM blocks
     WHERE user_days.project_id = blocks.project_id AND user_days.kind = 'flow' AND user_days.key = blocks.key AND user_days.block = blocks.block AND user_days.user_key = blocks.user_key;
   DELETE FROM user_days WHERE project_id IN (SELECT id FROM projects) AND kind = 'flow' AND bits = 0;
