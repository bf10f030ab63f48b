-- Issue 19 (journeys, review): the suppression list of journey email, per project (a staging
-- environment uses its production's) and address, the address only as an HMAC with the
-- installation's secret; kept when a user is erased.
CREATE TABLE address_suppressions (
  project_id INTEGER NOT NULL,
  address_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (project_id, address_key)
) WITHOUT ROWID;
-- A claim of webhooks only (a collector without SMTP) walks due webhooks, never the queued emails.
CREATE INDEX alert_outbox_webhooks_due ON alert_outbox (next_at) WHERE sent_at IS NULL AND url NOT LIKE 'mailto:%';
-- The alert list (GET /v1/alerts) reads a project's newest webhooks without the emails.
CREATE INDEX alert_outbox_webhooks_by_project ON alert_outbox (project_id, created_at) WHERE url NOT LIKE 'mailto:%';
-- The weekly cap counts a project's emails per address (case aside), whichever user key they went to.
CREATE INDEX alert_outbox_emails_to ON alert_outbox (project_id, url COLLATE NOCASE, created_at) WHERE url LIKE 'mailto:%';
