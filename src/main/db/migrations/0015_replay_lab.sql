-- The Lab: replays of tickets the shop already answered, re-drafted in shadow mode against a scratch
-- copy of the database, and the shop's own prompt with its history.
--
-- A replay is a run over chosen tickets with one model and one prompt. Its items keep, per ticket,
-- what the sent reply did and what the new draft did (JSON snapshots: the scratch copy they were
-- read from is deleted when the run ends) and whether the two agree.
CREATE TABLE replays (
  id                 TEXT PRIMARY KEY,          -- RPL-<uuid>
  status             TEXT NOT NULL CHECK (status IN ('preparing', 'running', 'done', 'cancelled', 'stopped', 'failed', 'interrupted')),
  provider           TEXT NOT NULL,
  model              TEXT NOT NULL,
  -- The shop's default model when the run started: "the current one" the summary compares with.
  baseline_provider  TEXT NOT NULL,
  baseline_model     TEXT NOT NULL,
  instructions       TEXT NOT NULL,             -- the prompt's instructions the run drafted with
  prompt_edited      INTEGER NOT NULL CHECK (prompt_edited IN (0, 1)),
  selection          TEXT NOT NULL,             -- JSON: how the tickets were chosen
  concurrency        INTEGER NOT NULL CHECK (concurrency >= 1),
  total              INTEGER NOT NULL,
  started_by         TEXT NOT NULL,
  -- The running core (core_instances) doing the work, so another process marks it interrupted only when that core is gone.
  owner              TEXT,
  note               TEXT,                      -- why it stopped or failed, in words
  created_at         TEXT NOT NULL,
  finished_at        TEXT
);
CREATE INDEX replays_created ON replays(created_at);

CREATE TABLE replay_items (
  replay_id        TEXT NOT NULL REFERENCES replays(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  -- Not a foreign key: a shop reset deletes tickets, and the lab's record is deleted with them by clearShop.
  ticket_id        TEXT NOT NULL,
  reply_message_id INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
  original         TEXT NOT NULL,               -- JSON: the reply that was sent and what it did
  shadow           TEXT,                        -- JSON: the new draft and what it did
  tools_agree      INTEGER CHECK (tools_agree IN (0, 1)),
  orders_agree     INTEGER CHECK (orders_agree IN (0, 1)),
  actions_agree    INTEGER CHECK (actions_agree IN (0, 1)),
  agrees           INTEGER CHECK (agrees IN (0, 1)),
  calls            INTEGER NOT NULL DEFAULT 0,
  tokens_in        INTEGER NOT NULL DEFAULT 0,
  tokens_out       INTEGER NOT NULL DEFAULT 0,
  tokens_cached    INTEGER NOT NULL DEFAULT 0,
  cost_micro_usd   INTEGER NOT NULL DEFAULT 0,
  error            TEXT,
  finished_at      TEXT,
  PRIMARY KEY (replay_id, position)
) WITHOUT ROWID;

-- Answered tickets, newest reply first: the Lab's list walks the replies sent, not every message.
CREATE INDEX messages_replies ON messages(created_at) WHERE author = 'agent' AND internal = 0;

-- The instructions part of the system prompt the draft engine uses: the latest row is the shop's
-- prompt (none: Frontline's own). Versions are only added; restoring an older one adds a copy.
CREATE TABLE shop_prompt_versions (
  id            INTEGER PRIMARY KEY,
  instructions  TEXT NOT NULL CHECK (length(instructions) > 0),
  saved_by      TEXT NOT NULL,
  saved_at      TEXT NOT NULL,
  replay_id     TEXT REFERENCES replays(id) ON DELETE SET NULL,
  restored_from INTEGER REFERENCES shop_prompt_versions(id),
  note          TEXT
);

-- Lab spend: a model call a replay made. Its ticket_id stays empty, so per-ticket costs count only
-- the live desk's calls; the daily budget counts it like any other (it is real money).
ALTER TABLE llm_calls ADD COLUMN replay_id TEXT;
CREATE INDEX llm_calls_replay ON llm_calls(replay_id) WHERE replay_id IS NOT NULL;
