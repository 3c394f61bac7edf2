-- frontline:foreign-keys-off
-- Typed actions: the kinds of action live in code (src/shared/domain/actions, one file per kind),
-- where every row is parsed through its kind's schema on the way in and out. The CHECK that listed
-- the kinds goes, so that a new kind (a cancellation, an exchange…) is a new file, not a rebuild of
-- this table. SQLite cannot drop a CHECK in place: the table is rebuilt (SQLite's twelve steps);
-- the marker above makes migrate turn foreign keys off around it, so dropping the old table neither
-- fails on nor cascades into the returns, refunds and chat watches that point at it.

CREATE TABLE actions_rebuilt (
  id              TEXT PRIMARY KEY,           -- ACT-<uuid>; also the idempotency key of what approving applies
  kind            TEXT NOT NULL CHECK (kind <> ''),
  status          TEXT NOT NULL CHECK (status IN ('pending_approval', 'applied', 'rejected', 'failed')),
  ticket_id       TEXT REFERENCES tickets(id),
  draft_id        TEXT REFERENCES drafts(id),
  order_id        TEXT REFERENCES orders(id),
  payload         TEXT NOT NULL,              -- JSON: what will be applied (items, amount, tool arguments)
  amount_cents    INTEGER,
  currency        TEXT,
  eligibility     TEXT NOT NULL DEFAULT '{}', -- JSON: the facts the decision rests on
  origin          TEXT NOT NULL DEFAULT 'agent' CHECK (origin IN ('agent', 'fallback', 'mcp', 'cli', 'chat')),
  origin_detail   TEXT,                       -- e.g. the MCP client's name
  created_at      TEXT NOT NULL,
  decided_at      TEXT,
  decided_by      TEXT,
  decision_reason TEXT,
  result          TEXT                        -- JSON: what applying produced (return id, refund id, credit id)
);

INSERT INTO actions_rebuilt (id, kind, status, ticket_id, draft_id, order_id, payload, amount_cents, currency,
  eligibility, origin, origin_detail, created_at, decided_at, decided_by, decision_reason, result)
SELECT id, kind, status, ticket_id, draft_id, order_id, payload, amount_cents, currency,
  eligibility, origin, origin_detail, created_at, decided_at, decided_by, decision_reason, result
FROM actions;

DROP TABLE actions;
ALTER TABLE actions_rebuilt RENAME TO actions;

CREATE INDEX actions_status ON actions(status, created_at);
CREATE INDEX actions_ticket ON actions(ticket_id);
CREATE INDEX actions_order ON actions(order_id, status);

-- Store credit: goodwill a person approved (positive), and later what a customer spends (negative).
-- A credit from an approved action carries its id, unique, so approving twice credits once.
CREATE TABLE store_credits (
  id           TEXT PRIMARY KEY,              -- CRD-<uuid>
  action_id    TEXT UNIQUE REFERENCES actions(id),
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  order_id     TEXT REFERENCES orders(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
  currency     TEXT NOT NULL,
  reason       TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX store_credits_customer ON store_credits(customer_id, currency);
