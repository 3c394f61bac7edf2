-- Help desk essentials: a triage of every ticket, SLA clocks, saved replies (macros) and a
-- help-center knowledge base with a full-text index.

-- ── Triage ──────────────────────────────────────────────────────────────────────────────────────
-- One row per ticket, queued by a trigger as the ticket is stored (chat, email, fixture, import):
-- the core's triage worker claims pending rows after the write has committed, so triage never
-- slows or blocks the path that stores a ticket. `*_set_by` names the person whose change won;
-- NULL means the value is triage's own (`source`: the model or the rules).
CREATE TABLE ticket_triage (
  ticket_id        TEXT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  intent           TEXT CHECK (intent IN ('order_status', 'return', 'refund', 'product_question', 'complaint',
                                          'shipping_problem', 'account', 'other')),
  language         TEXT CHECK (length(language) BETWEEN 2 AND 3),
  summary          TEXT,
  priority         TEXT CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  source           TEXT CHECK (source IN ('model', 'rules')),
  model            TEXT,
  note             TEXT,
  triaged_at       TEXT,
  claimed_by       TEXT,
  intent_set_by    TEXT,
  language_set_by  TEXT,
  priority_set_by  TEXT
) WITHOUT ROWID;
CREATE INDEX ticket_triage_queue ON ticket_triage(state) WHERE state IN ('pending', 'running');
CREATE INDEX ticket_triage_intent ON ticket_triage(intent, ticket_id);
CREATE INDEX ticket_triage_language ON ticket_triage(language, ticket_id);

CREATE TRIGGER ticket_triage_on_arrival AFTER INSERT ON tickets BEGIN
  INSERT OR IGNORE INTO ticket_triage (ticket_id) VALUES (new.id);
END;
-- Tickets stored before this version are triaged too (as a backlog: described, not re-prioritized).
INSERT INTO ticket_triage (ticket_id) SELECT id FROM tickets;

-- ── SLA ─────────────────────────────────────────────────────────────────────────────────────────
-- Every status a ticket takes, and when: the SLA clocks run while a ticket waits on the shop
-- (new, open), pause while it waits on the customer (pending, on hold) and stop when it is solved.
-- Kept by triggers, so every path that changes a status (a person, a reply, a customer's answer,
-- the email channel) is recorded without being told.
CREATE TABLE ticket_status_changes (
  id         INTEGER PRIMARY KEY,
  ticket_id  TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  status     TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX ticket_status_changes_ticket ON ticket_status_changes(ticket_id, id);

-- The clocks as last computed (business-hours arithmetic is the core's): what the inbox sorts by
-- and marks. `dirty` asks the core's SLA worker to compute a ticket again.
CREATE TABLE ticket_sla (
  ticket_id                TEXT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  dirty                    INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),
  first_response_state     TEXT,
  first_response_target_ms INTEGER,
  first_response_due_at    TEXT,
  first_response_at        TEXT,
  resolution_state         TEXT,
  resolution_target_ms     INTEGER,
  resolution_due_at        TEXT,
  resolved_at              TEXT,
  next_due_kind            TEXT CHECK (next_due_kind IN ('first_response', 'resolution')),
  next_due_at              TEXT,
  next_at_risk_at          TEXT,
  computed_at              TEXT
) WITHOUT ROWID;
CREATE INDEX ticket_sla_dirty ON ticket_sla(dirty) WHERE dirty = 1;

CREATE TRIGGER ticket_sla_on_arrival AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_status_changes (ticket_id, status, at) VALUES (new.id, new.status, new.created_at);
  INSERT INTO ticket_sla (ticket_id) VALUES (new.id)
    ON CONFLICT (ticket_id) DO UPDATE SET dirty = 1;
END;
CREATE TRIGGER ticket_sla_on_status AFTER UPDATE OF status ON tickets WHEN old.status IS NOT new.status BEGIN
  INSERT INTO ticket_status_changes (ticket_id, status, at) VALUES (new.id, new.status, new.updated_at);
  UPDATE ticket_sla SET dirty = 1 WHERE ticket_id = new.id;
END;
CREATE TRIGGER ticket_sla_on_priority AFTER UPDATE OF priority, channel ON tickets BEGIN
  UPDATE ticket_sla SET dirty = 1 WHERE ticket_id = new.id;
END;
-- A reply the customer sees answers the ticket (notes and system lines do not).
CREATE TRIGGER ticket_sla_on_reply AFTER INSERT ON messages
  WHEN new.author = 'agent' AND new.internal = 0 BEGIN
  UPDATE ticket_sla SET dirty = 1 WHERE ticket_id = new.ticket_id;
END;

-- Tickets from before: their history starts with the status they have, from when they were opened.
INSERT INTO ticket_status_changes (ticket_id, status, at) SELECT id, status, created_at FROM tickets;
INSERT INTO ticket_sla (ticket_id) SELECT id FROM tickets;

-- ── Macros (saved replies) ──────────────────────────────────────────────────────────────────────
CREATE TABLE macros (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  -- JSON arrays of tags to add when a reply with the macro is sent.
  add_tags    TEXT NOT NULL DEFAULT '[]',
  set_status  TEXT CHECK (set_status IN ('open', 'pending', 'on_hold', 'solved', 'closed')),
  -- The AI is told to prefer this wording for tickets of this intent.
  ai_intent   TEXT CHECK (ai_intent IN ('order_status', 'return', 'refund', 'product_question', 'complaint',
                                        'shipping_problem', 'account', 'other')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);
CREATE UNIQUE INDEX macros_name ON macros(name COLLATE NOCASE);

-- ── Help center ─────────────────────────────────────────────────────────────────────────────────
-- `slug` is the article's natural key: an imported file's name, so importing a folder again
-- updates its articles instead of adding copies. `source` 'policy' marks the article the core
-- writes from the return and refund rules themselves; nobody edits it by hand.
CREATE TABLE kb_articles (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 120),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body        TEXT NOT NULL,
  tags        TEXT NOT NULL DEFAULT '[]',
  language    TEXT NOT NULL DEFAULT 'en' CHECK (length(language) BETWEEN 2 AND 3),
  status      TEXT NOT NULL CHECK (status IN ('published', 'draft')),
  source      TEXT NOT NULL CHECK (source IN ('console', 'import', 'policy')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);
CREATE INDEX kb_articles_updated ON kb_articles(updated_at);

CREATE VIRTUAL TABLE kb_fts USING fts5(
  title, body, tags,
  content = 'kb_articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER kb_fts_insert AFTER INSERT ON kb_articles BEGIN
  INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;
CREATE TRIGGER kb_fts_delete AFTER DELETE ON kb_articles BEGIN
  INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
END;
CREATE TRIGGER kb_fts_update AFTER UPDATE OF title, body, tags ON kb_articles BEGIN
  INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
  INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;

-- The Costs view's report counts the replies people sent by how they were written; they are few
-- beside the customers' messages, so a partial index holds them.
CREATE INDEX messages_composed ON messages(created_at, composed_by) WHERE composed_by IS NOT NULL;
