-- Issue 19 (journeys, review), as SQLite's 0023: the suppression list of journey email, per
-- project and address (an HMAC of it), kept when a user is erased; and the index of due
-- webhooks, so a claim without email never walks the queued emails.
CREATE TABLE address_suppressions (
  project_id integer NOT NULL,
  address_key text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (project_id, address_key)
);
CREATE INDEX alert_outbox_webhooks_due ON alert_outbox (next_at) WHERE sent_at IS NULL AND url NOT LIKE 'mailto:%';
-- The alert list (GET /v1/alerts) reads a project's newest webhooks without the emails.
CREATE INDEX alert_outbox_webhooks_by_project ON alert_outbox (project_id, created_at) WHERE url NOT LIKE 'mailto:%';
-- The weekly cap counts a project's emails per address (case aside), whichever user key they went to.
CREATE INDEX alert_outbox_emails_to ON alert_outbox (project_id, lower(url), created_at) WHERE url LIKE 'mailto:%';
