-- The email channel. Mail arrives from one IMAP folder and becomes tickets; replies go out over SMTP
-- through an outbox. Each folder's position (UIDVALIDITY and the last UID read) is written in the
-- same transaction as the tickets it made, so a crash re-reads from the last commit and nothing is
-- lost; Message-ID is unique, so what is read twice (after a crash or a UIDVALIDITY change) is
-- stored once.

CREATE TABLE mail_folders (
  folder       TEXT PRIMARY KEY,
  uid_validity TEXT NOT NULL,                 -- a 32-bit unsigned number, kept as text
  last_uid     INTEGER NOT NULL DEFAULT 0,    -- every UID up to this one is stored (or was skipped)
  synced_at    TEXT
);

-- One row per email in a thread, inbound or outbound, beside its message in the thread.
CREATE TABLE email_messages (
  message_row_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  ticket_id      TEXT NOT NULL REFERENCES tickets(id),
  direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  message_id     TEXT NOT NULL UNIQUE,        -- RFC 5322 Message-ID without angle brackets
  in_reply_to    TEXT,
  refs           TEXT NOT NULL DEFAULT '[]',  -- JSON array of Message-IDs (References)
  from_address   TEXT NOT NULL,
  to_address     TEXT NOT NULL,
  subject        TEXT NOT NULL,
  -- Why no draft is written and nothing is sent automatically: an auto-reply, a bounce, a list.
  automatic      TEXT CHECK (automatic IN ('auto_reply', 'bounce', 'list', 'own')),
  quoted         TEXT,                        -- the folded quoted history, as text
  folder         TEXT,
  uid            INTEGER,
  created_at     TEXT NOT NULL
);
CREATE INDEX email_messages_ticket ON email_messages(ticket_id);

CREATE TABLE email_attachments (
  id             INTEGER PRIMARY KEY,
  message_row_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  filename       TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  size_bytes     INTEGER NOT NULL CHECK (size_bytes >= 0),
  -- Where the content is kept beside the database (content-addressed), or NULL when over the size cap.
  stored_name    TEXT
);
CREATE INDEX email_attachments_message ON email_attachments(message_row_id);

-- Replies on their way out. One row per sent draft (its idempotency key); the Message-ID is made and
-- stored before the send. A row left 'sending' by a crash may or may not have left: it becomes
-- 'unknown' at the next start, for a person to check, and is never sent again on its own.
CREATE TABLE email_outbox (
  id             TEXT PRIMARY KEY,            -- OUT-<uuid>
  draft_id       TEXT UNIQUE REFERENCES drafts(id),
  message_row_id INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
  ticket_id      TEXT NOT NULL REFERENCES tickets(id),
  status         TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT,
  queued_at      TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,              -- a temporary failure waits before the next try
  sent_at        TEXT,
  updated_at     TEXT NOT NULL
);
-- Only queued replies are looked up by time (the sender's next one); the partial index holds just them.
CREATE INDEX email_outbox_work ON email_outbox(next_attempt_at) WHERE status = 'queued';
CREATE INDEX email_outbox_ticket ON email_outbox(ticket_id);
