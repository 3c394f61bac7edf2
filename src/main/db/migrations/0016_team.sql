-- Team mode: the people of a support team, their sign-in sessions and invitations, who a ticket is
-- assigned to, and who proposed and decided each action. A single desktop has no rows in these
-- tables (its owner is not an account), and every new column is NULL for what came before.

CREATE TABLE people (
  id               TEXT PRIMARY KEY,            -- PER-<uuid>
  name             TEXT NOT NULL,
  email            TEXT NOT NULL UNIQUE,        -- lower-cased: the sign-in name
  role             TEXT NOT NULL CHECK (role IN ('agent', 'lead', 'admin')),
  password_hash    TEXT,                        -- scrypt$N$r$p$salt$hash; NULL until an invite is accepted
  created_at       TEXT NOT NULL,
  disabled_at      TEXT,
  failed_sign_ins  INTEGER NOT NULL DEFAULT 0,  -- consecutive failures since the last success
  locked_until     TEXT
);

-- Only a SHA-256 of a session token is kept: the token itself leaves the server once, at sign-in.
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,                 -- SES-<uuid>: names a session without being its secret
  person_id   TEXT NOT NULL REFERENCES people(id),
  token_hash  TEXT NOT NULL UNIQUE,
  client      TEXT NOT NULL DEFAULT '',         -- what signed in (browser, desktop), for people to tell sessions apart
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX sessions_person ON sessions(person_id) WHERE revoked_at IS NULL;

-- An invite link sets a person's password once; as with sessions only the token's hash is stored.
CREATE TABLE invites (
  id          TEXT PRIMARY KEY,                 -- INV-<uuid>
  person_id   TEXT NOT NULL REFERENCES people(id),
  token_hash  TEXT NOT NULL UNIQUE,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT
);
CREATE INDEX invites_person ON invites(person_id);

-- NULL: in the team's unassigned queue. assigned_at is when it was first given to someone: a ticket a
-- person put back in the queue is not handed out again by the round-robin, which takes only new ones.
ALTER TABLE tickets ADD COLUMN assignee_id TEXT REFERENCES people(id);
ALTER TABLE tickets ADD COLUMN assigned_at TEXT;
CREATE INDEX tickets_assignee ON tickets(assignee_id, last_customer_message_at);
CREATE INDEX tickets_never_assigned ON tickets(created_at) WHERE assigned_at IS NULL;

-- The person who proposed an action by hand (NULL when the AI, a host or the chat proposed it), and
-- the account that decided it (decided_by keeps the name shown; NULL id: the desktop's owner or the CLI).
ALTER TABLE actions ADD COLUMN proposed_by_id TEXT REFERENCES people(id);
ALTER TABLE actions ADD COLUMN proposed_by_name TEXT;
ALTER TABLE actions ADD COLUMN decided_by_id TEXT REFERENCES people(id);
CREATE INDEX actions_proposed_by ON actions(proposed_by_id, created_at) WHERE proposed_by_id IS NOT NULL;
CREATE INDEX actions_decided_by_id ON actions(decided_by_id, created_at) WHERE decided_by_id IS NOT NULL;

-- The account behind an audit row's actor name, when a signed-in person acted.
ALTER TABLE audit_log ADD COLUMN actor_id TEXT;
