-- Survey answers as facts (factsOf's `survey`): the survey report and its comments read these
-- instead of scanning raw events, and a preview tab's answers (context.preview) are not among
-- them. `score` keeps the value as json_extract gave it (numbers stay numbers).
CREATE TABLE survey_answers (
  project_id INTEGER NOT NULL,
  survey_id TEXT NOT NULL,
  user_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  score,
  text TEXT
);
CREATE INDEX survey_answers_by_time ON survey_answers (project_id, survey_id, at);
CREATE INDEX survey_answers_by_user ON survey_answers (project_id, user_key);

-- The answers stored before, by the same rule (event-facts.ts).
INSERT INTO survey_answers (project_id, survey_id, user_key, at, score, text)
SELECT project_id, json_extract(payload, '$.properties.survey_id'), COALESCE(user_id, anonymous_id), timestamp,
       json_extract(payload, '$.properties.score'),
       CASE WHEN typeof(COALESCE(json_extract(payload, '$.properties.comment'), json_extract(payload, '$.properties.answer'))) = 'text'
             AND COALESCE(json_extract(payload, '$.properties.comment'), json_extract(payload, '$.properties.answer')) != ''
            THEN COALESCE(json_extract(payload, '$.properties.comment'), json_extract(payload, '$.properties.answer')) END
FROM events
WHERE event = 'Survey Answered' AND type = 'track' AND json_type(payload, '$.properties.survey_id') = 'text'
  AND COALESCE(user_id, anonymous_id) IS NOT NULL AND json_type(payload, '$.context.preview') IS NOT 'true';
