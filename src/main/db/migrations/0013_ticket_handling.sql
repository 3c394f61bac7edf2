-- frontline:foreign-keys-off
-- What a person does to a ticket by hand: on hold as a status, tags, internal notes and replies
-- written without a draft, search over the whole thread, and the history of decisions.
--
-- SQLite cannot widen a CHECK in place, so `tickets` is rebuilt (SQLite's twelve steps) to take
-- 'on_hold'. The marker above makes migrate turn foreign keys off around the transaction, so
-- dropping the old table neither cascades into messages, drafts and actions nor fails on them, and
-- it runs PRAGMA foreign_key_check before the commit. Rowids are copied: new ticket ids are
-- numbered from the largest one.

CREATE TABLE tickets_rebuilt (
  id                       TEXT PRIMARY KEY,
  customer_id              TEXT REFERENCES customers(id),
  subject                  TEXT NOT NULL,
  status                   TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  priority                 TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  channel                  TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'chat', 'web')),
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  last_customer_message_at TEXT NOT NULL
);

INSERT INTO tickets_rebuilt (rowid, id, customer_id, subject, status, priority, channel, created_at, updated_at,
  last_customer_message_at)
SELECT rowid, id, customer_id, subject, status, priority, channel, created_at, updated_at, last_customer_message_at
FROM tickets;

DROP TABLE tickets;
ALTER TABLE tickets_rebuilt RENAME TO tickets;

CREATE INDEX tickets_status ON tickets(status, last_customer_message_at);
CREATE INDEX tickets_customer ON tickets(customer_id, status);
CREATE INDEX tickets_last_message ON tickets(last_customer_message_at);

-- An internal note is a turn of the thread that only the team sees: never on the chat wire, never
-- emailed. A reply a person sent says how it was written (from the AI's draft, or by hand) and who
-- sent it, so reports can tell AI-drafted answers from hand-written ones; rows written before this
-- column say nothing (NULL).
ALTER TABLE messages ADD COLUMN internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1));
ALTER TABLE messages ADD COLUMN composed_by TEXT CHECK (composed_by IN ('ai_draft', 'person'));
ALTER TABLE messages ADD COLUMN sent_by TEXT;

-- Every word of the thread (customers' messages, replies, notes), kept by triggers. `id` is the
-- messages' INTEGER PRIMARY KEY, so the index keeps its rowids through a VACUUM.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  body,
  content = 'messages', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;

-- A ticket's tags, with who set each: a person in the console, or the triage that reads new tickets.
CREATE TABLE ticket_tags (
  ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  tag       TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
  source    TEXT NOT NULL CHECK (source IN ('person', 'triage')),
  set_by    TEXT NOT NULL,
  set_at    TEXT NOT NULL,
  PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags(tag, ticket_id);

-- The decision history in Approvals: decided actions, newest first, all of them or one person's.
CREATE INDEX actions_decided ON actions(decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX actions_decided_by ON actions(decided_by, decided_at) WHERE decided_at IS NOT NULL;
