-- runas-guard history store, version 1 (SQLite). docs/adr/0017-history-store.md; the PostgreSQL
-- twin is ../postgres/0001-history.sql: same tables, columns and indexes, each dialect's types.
-- Booleans are 0/1, timestamps ISO-8601 text exactly as recorded; *_utc columns hold the same
-- instant normalised (toISOString) for comparisons.

CREATE TABLE runas_guard_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_key TEXT NOT NULL,
  source TEXT NOT NULL,
  collected_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  exit_code INTEGER NOT NULL,
  -- What the run declared: a complete run has exactly this many rows in the child tables.
  integration_count INTEGER NOT NULL,
  finding_count INTEGER NOT NULL,
  snapshot TEXT
);
CREATE INDEX runs_org ON runs (org_key, id);

CREATE TABLE run_integrations (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  app TEXT NOT NULL,
  pos INTEGER NOT NULL,
  -- The manifest entry's name when one declares the app.
  integration TEXT,
  app_type TEXT NOT NULL,
  -- NULL: the app has no run-as user configured (the user columns are NULL too).
  run_as_username TEXT,
  found INTEGER,
  user_id TEXT,
  active INTEGER,
  frozen INTEGER,
  password_locked INTEGER,
  licence TEXT,
  profile TEXT,
  role TEXT,
  user_state_known INTEGER NOT NULL,
  -- NULL: not decidable.
  pre_authorized INTEGER,
  -- 0: access was not collected (no run_access rows), 1: run_access holds every grant.
  access_known INTEGER NOT NULL,
  PRIMARY KEY (run_id, app)
);
CREATE INDEX run_integrations_app ON run_integrations (app, run_id);
CREATE INDEX run_integrations_user ON run_integrations (run_as_username, run_id);

CREATE TABLE run_policy (
  run_id INTEGER NOT NULL,
  app TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, app, key),
  FOREIGN KEY (run_id, app) REFERENCES run_integrations (run_id, app) ON DELETE CASCADE
);

CREATE TABLE run_access (
  run_id INTEGER NOT NULL,
  app TEXT NOT NULL,
  pos INTEGER NOT NULL,
  grant_key TEXT NOT NULL,
  container TEXT NOT NULL,
  PRIMARY KEY (run_id, app, pos),
  FOREIGN KEY (run_id, app) REFERENCES run_integrations (run_id, app) ON DELETE CASCADE
);
CREATE INDEX run_access_grant ON run_access (run_id, app, grant_key, container);
CREATE INDEX run_access_container ON run_access (container, run_id);

CREATE TABLE run_needs (
  run_id INTEGER NOT NULL,
  app TEXT NOT NULL,
  pos INTEGER NOT NULL,
  need TEXT NOT NULL,
  PRIMARY KEY (run_id, app, pos),
  FOREIGN KEY (run_id, app) REFERENCES run_integrations (run_id, app) ON DELETE CASCADE
);

CREATE TABLE findings (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  app TEXT,
  message TEXT NOT NULL,
  PRIMARY KEY (run_id, pos)
);
CREATE INDEX findings_fingerprint ON findings (run_id, fingerprint);
CREATE INDEX findings_app ON findings (app, run_id);

CREATE TABLE events (
  org_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  sf_id TEXT NOT NULL,
  at TEXT NOT NULL,
  at_utc TEXT NOT NULL,
  row_json TEXT NOT NULL,
  -- The run that stored it first.
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  PRIMARY KEY (org_key, kind, sf_id)
);
CREATE INDEX events_at ON events (org_key, kind, at_utc);

CREATE TABLE high_water (
  org_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  PRIMARY KEY (org_key, kind)
);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_key TEXT NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  alert_key TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  delivered_at TEXT,
  UNIQUE (org_key, alert_key)
);
CREATE INDEX alerts_pending ON alerts (org_key, id) WHERE delivered_at IS NULL;
