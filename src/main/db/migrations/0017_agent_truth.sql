-- A person's work on a draft is never lost, and a draft says only what is true.
--
-- Drafts remember who last changed their text by hand (a regenerate or discard of such a draft
-- asks first), which draft replaced them, and the status they had before they were set aside and
-- why they were, so a replaced or discarded draft can be brought back as the live one, as it was.
ALTER TABLE drafts ADD COLUMN edited_by TEXT;
ALTER TABLE drafts ADD COLUMN edited_at TEXT;
ALTER TABLE drafts ADD COLUMN replaced_by TEXT REFERENCES drafts(id);
ALTER TABLE drafts ADD COLUMN discarded_from TEXT
  CHECK (discarded_from IN ('generating', 'ready', 'fallback', 'failed', 'interrupted'));
ALTER TABLE drafts ADD COLUMN discarded_reason TEXT;

-- After a person decides an action a draft proposed, the reply is rewritten into one text that
-- tells the decision. Each rewrite keeps the text it replaced; the one still waiting for a person
-- to accept or restore it is pointed at by the draft (body_after is NULL while it is written).
CREATE TABLE draft_revisions (
  id          INTEGER PRIMARY KEY,
  draft_id    TEXT NOT NULL REFERENCES drafts(id),
  action_id   TEXT REFERENCES actions(id),
  body_before TEXT NOT NULL,
  body_after  TEXT,
  -- Who wrote the new text: the model, or the template when no model could.
  written_by  TEXT,
  -- The running core writing it (core_instances); a rewrite whose writer is gone is finished from
  -- the template at the next start.
  owner       TEXT,
  at          TEXT NOT NULL,
  review      TEXT CHECK (review IN ('accepted', 'restored')),
  reviewed_by TEXT,
  reviewed_at TEXT
);
CREATE INDEX draft_revisions_draft ON draft_revisions(draft_id, id);
ALTER TABLE drafts ADD COLUMN rewrite_revision_id INTEGER REFERENCES draft_revisions(id);

-- Rewrites not yet written are few: a start finds those a stopped process left by this index.
CREATE INDEX draft_revisions_writing ON draft_revisions(id) WHERE body_after IS NULL;

-- A follow-up is a task for the team behind a promise made to a customer ("a teammate will open a
-- trace with the carrier"): an owner (a person, or the team queue when NULL), a due time, and done
-- or not, by whom.
CREATE TABLE follow_ups (
  id          TEXT PRIMARY KEY,           -- FUP-<uuid>
  ticket_id   TEXT NOT NULL REFERENCES tickets(id),
  draft_id    TEXT REFERENCES drafts(id),
  task        TEXT NOT NULL CHECK (length(task) BETWEEN 1 AND 500),
  owner       TEXT,
  due_at      TEXT NOT NULL,
  origin      TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  done_at     TEXT,
  done_by     TEXT
);
-- Open follow-ups are few: the inbox's badge and filter probe them per ticket, and the filter
-- starts from them.
CREATE INDEX follow_ups_open ON follow_ups(ticket_id, due_at) WHERE done_at IS NULL;
CREATE INDEX follow_ups_ticket ON follow_ups(ticket_id, created_at);
