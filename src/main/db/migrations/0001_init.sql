-- The shop and the support desk. Money is integer cents; LLM cost is integer micro-dollars
-- (a model call costs fractions of a cent, which cents would round away). Times are UTC ISO strings.

CREATE TABLE customers (
  id          TEXT PRIMARY KEY,               -- CUS-000001
  name        TEXT NOT NULL,
  email       TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  preferences TEXT NOT NULL DEFAULT '{}'      -- JSON object
);

-- An INTEGER PRIMARY KEY gives the FTS index a stable rowid: a VACUUM may renumber implicit rowids.
CREATE TABLE products (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,           -- PRD-0001
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  category    TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  currency    TEXT NOT NULL DEFAULT 'USD',
  stock       INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0)
);
CREATE INDEX products_category ON products(category, price_cents);

CREATE VIRTUAL TABLE products_fts USING fts5(
  name, description, category,
  content = 'products', content_rowid = 'seq',
  tokenize = 'porter unicode61'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_fts(rowid, name, description, category)
  VALUES (new.rowid, new.name, new.description, new.category);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, description, category)
  VALUES ('delete', old.rowid, old.name, old.description, old.category);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, description, category)
  VALUES ('delete', old.rowid, old.name, old.description, old.category);
  INSERT INTO products_fts(rowid, name, description, category)
  VALUES (new.rowid, new.name, new.description, new.category);
END;

CREATE TABLE orders (
  id                 TEXT PRIMARY KEY CHECK (id GLOB 'ORD-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]'),
  customer_id        TEXT NOT NULL REFERENCES customers(id),
  status             TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned')),
  placed_at          TEXT NOT NULL,
  shipped_at         TEXT,
  delivered_at       TEXT,
  carrier            TEXT,
  tracking_number    TEXT,
  estimated_delivery TEXT,
  subtotal_cents     INTEGER NOT NULL CHECK (subtotal_cents >= 0),
  shipping_cents     INTEGER NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0),
  total_cents        INTEGER NOT NULL CHECK (total_cents >= 0),
  currency           TEXT NOT NULL DEFAULT 'USD',
  shipping_address   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX orders_customer ON orders(customer_id, placed_at DESC);

CREATE TABLE order_items (
  id               INTEGER PRIMARY KEY,
  order_id         TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  product_id       TEXT NOT NULL REFERENCES products(id),
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0)
);
CREATE INDEX order_items_order ON order_items(order_id);

CREATE TABLE tickets (
  id                       TEXT PRIMARY KEY,  -- TKT-000001
  customer_id              TEXT REFERENCES customers(id),
  subject                  TEXT NOT NULL,
  status                   TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'solved', 'closed')),
  priority                 TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  channel                  TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'chat', 'web')),
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  last_customer_message_at TEXT NOT NULL
);
CREATE INDEX tickets_status ON tickets(status, last_customer_message_at);
CREATE INDEX tickets_customer ON tickets(customer_id, status);
CREATE INDEX tickets_last_message ON tickets(last_customer_message_at);

CREATE TABLE messages (
  id          INTEGER PRIMARY KEY,
  ticket_id   TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  author      TEXT NOT NULL CHECK (author IN ('customer', 'agent', 'system')),
  author_name TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX messages_ticket ON messages(ticket_id, created_at);

CREATE TABLE drafts (
  id              TEXT PRIMARY KEY,           -- DRF-<uuid>
  ticket_id       TEXT NOT NULL REFERENCES tickets(id),
  status          TEXT NOT NULL CHECK (status IN ('generating', 'ready', 'fallback', 'failed', 'interrupted', 'sent', 'discarded')),
  body            TEXT NOT NULL DEFAULT '',
  provider        TEXT NOT NULL DEFAULT '',
  model           TEXT NOT NULL DEFAULT '',
  reason          TEXT,                       -- why it is fallback / failed / interrupted
  tokens_in       INTEGER NOT NULL DEFAULT 0,
  tokens_out      INTEGER NOT NULL DEFAULT 0,
  cost_micro_usd  INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX drafts_ticket ON drafts(ticket_id, created_at);
CREATE INDEX drafts_status ON drafts(status);

CREATE TABLE tool_calls (
  id          INTEGER PRIMARY KEY,
  draft_id    TEXT REFERENCES drafts(id),
  ticket_id   TEXT REFERENCES tickets(id),
  origin      TEXT NOT NULL DEFAULT 'agent' CHECK (origin IN ('agent', 'fallback', 'mcp', 'cli', 'chat')),
  call_id     TEXT,                           -- the model's tool_call id
  round       INTEGER NOT NULL DEFAULT 0,
  tool        TEXT NOT NULL,
  arguments   TEXT NOT NULL,                  -- JSON
  result      TEXT NOT NULL,                  -- JSON
  status      TEXT NOT NULL CHECK (status IN ('ok', 'error', 'proposed')),
  duration_ms REAL NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX tool_calls_draft ON tool_calls(draft_id, id);

CREATE TABLE actions (
  id              TEXT PRIMARY KEY,           -- ACT-<uuid>; also the idempotency key of what approving applies
  kind            TEXT NOT NULL CHECK (kind IN ('return', 'refund', 'external_tool')),
  status          TEXT NOT NULL CHECK (status IN ('pending_approval', 'applied', 'rejected', 'failed')),
  ticket_id       TEXT REFERENCES tickets(id),
  draft_id        TEXT REFERENCES drafts(id),
  order_id        TEXT REFERENCES orders(id),
  payload         TEXT NOT NULL,              -- JSON: what will be applied (items, reason, tool arguments)
  amount_cents    INTEGER,
  currency        TEXT,
  eligibility     TEXT NOT NULL DEFAULT '{}', -- JSON: the facts the decision rests on
  origin          TEXT NOT NULL DEFAULT 'agent' CHECK (origin IN ('agent', 'fallback', 'mcp', 'cli', 'chat')),
  origin_detail   TEXT,                       -- e.g. the MCP client's name
  created_at      TEXT NOT NULL,
  decided_at      TEXT,
  decided_by      TEXT,
  decision_reason TEXT,
  result          TEXT                        -- JSON: what applying produced (return id, refund id)
);
CREATE INDEX actions_status ON actions(status, created_at);
CREATE INDEX actions_ticket ON actions(ticket_id);
CREATE INDEX actions_order ON actions(order_id, status);

CREATE TABLE returns (
  id         TEXT PRIMARY KEY,                -- RET-<uuid>
  action_id  TEXT NOT NULL UNIQUE REFERENCES actions(id),
  order_id   TEXT NOT NULL REFERENCES orders(id),
  reason     TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved', 'received', 'closed')),
  created_at TEXT NOT NULL
);
CREATE INDEX returns_order ON returns(order_id);

CREATE TABLE return_items (
  return_id     TEXT NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
  order_item_id INTEGER NOT NULL REFERENCES order_items(id),
  quantity      INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (return_id, order_item_id)
);
CREATE INDEX return_items_item ON return_items(order_item_id);

CREATE TABLE refunds (
  id           TEXT PRIMARY KEY,              -- REF-<uuid>
  action_id    TEXT NOT NULL UNIQUE REFERENCES actions(id),
  order_id     TEXT NOT NULL REFERENCES orders(id),
  return_id    TEXT REFERENCES returns(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  currency     TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'settled')),
  created_at   TEXT NOT NULL
);
CREATE INDEX refunds_order ON refunds(order_id);

CREATE TABLE llm_calls (
  id             INTEGER PRIMARY KEY,
  provider       TEXT NOT NULL,
  model          TEXT NOT NULL,
  ticket_id      TEXT,
  draft_id       TEXT,
  tokens_in      INTEGER NOT NULL DEFAULT 0,
  tokens_out     INTEGER NOT NULL DEFAULT 0,
  tokens_cached  INTEGER NOT NULL DEFAULT 0,
  usage_estimated INTEGER NOT NULL DEFAULT 0 CHECK (usage_estimated IN (0, 1)),
  cost_micro_usd INTEGER NOT NULL DEFAULT 0,
  latency_ms     REAL NOT NULL,
  outcome        TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'rate_limited', 'timeout', 'breaker_open', 'over_budget', 'cancelled')),
  error          TEXT,
  created_at     TEXT NOT NULL
);
CREATE INDEX llm_calls_created ON llm_calls(created_at);
CREATE INDEX llm_calls_ticket ON llm_calls(ticket_id);
CREATE INDEX llm_calls_draft ON llm_calls(draft_id);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  detail       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                         -- JSON
);
