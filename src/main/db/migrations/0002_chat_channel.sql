-- The customer chat channel. A chat session is one conversation with one customer; its ticket holds
-- the thread, so a session resumes after a reconnect or a restart from the database alone.

CREATE TABLE chat_sessions (
  id          TEXT PRIMARY KEY,               -- CHS-<uuid>: unguessable, it is what a client resumes with
  ticket_id   TEXT NOT NULL UNIQUE REFERENCES tickets(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  state       TEXT NOT NULL CHECK (state IN ('open', 'answering', 'awaiting_agent', 'awaiting_approval', 'closed')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
-- Only the sessions a stopped process left mid-answer are ever looked up by state (at start).
CREATE INDEX chat_sessions_answering ON chat_sessions(state) WHERE state = 'answering';

-- Proposed actions a chat customer is waiting on; notified_at is set once the outcome reached them.
CREATE TABLE chat_action_watch (
  action_id   TEXT PRIMARY KEY REFERENCES actions(id),
  session_id  TEXT NOT NULL REFERENCES chat_sessions(id),
  created_at  TEXT NOT NULL,
  notified_at TEXT
);
CREATE INDEX chat_action_watch_waiting ON chat_action_watch(action_id) WHERE notified_at IS NULL;
CREATE INDEX chat_action_watch_session ON chat_action_watch(session_id);

-- Bearer keys of the channel API. Only a SHA-256 of each key is kept: the key is shown once.
CREATE TABLE channel_keys (
  id           TEXT PRIMARY KEY,              -- CHK-<random>
  name         TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,          -- hex sha256 of the key
  key_prefix   TEXT NOT NULL,                 -- its first characters, so a person can tell keys apart
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
