-- Guests in the chat channel. A chat may come from someone the shop has no account for (the seed's
-- default customer_id is "guest"): the ticket then links no customer, and the session keeps the id
-- the client claimed, which is what a client must repeat to resume it. customer_id becomes the
-- linked account, NULL for a guest.
--
-- SQLite cannot drop NOT NULL in place: chat_sessions is rebuilt, and chat_action_watch (which
-- refers to it) with it, so foreign keys stay on and checked throughout.

CREATE TABLE chat_sessions_next (
  id                  TEXT PRIMARY KEY,
  ticket_id           TEXT NOT NULL UNIQUE REFERENCES tickets(id),
  customer_id         TEXT REFERENCES customers(id),      -- the linked account; NULL: a guest
  claimed_customer_id TEXT NOT NULL,                      -- what the client said it is ("guest", "CUS-000001", …)
  state               TEXT NOT NULL CHECK (state IN ('open', 'answering', 'awaiting_agent', 'awaiting_approval', 'closed')),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
INSERT INTO chat_sessions_next (id, ticket_id, customer_id, claimed_customer_id, state, created_at, updated_at)
  SELECT id, ticket_id, customer_id, customer_id, state, created_at, updated_at FROM chat_sessions;

CREATE TABLE chat_action_watch_next (
  action_id   TEXT PRIMARY KEY REFERENCES actions(id),
  session_id  TEXT NOT NULL REFERENCES chat_sessions_next(id),
  created_at  TEXT NOT NULL,
  notified_at TEXT
);
INSERT INTO chat_action_watch_next SELECT action_id, session_id, created_at, notified_at FROM chat_action_watch;

DROP TABLE chat_action_watch;
DROP TABLE chat_sessions;
-- Renaming also renames the reference chat_action_watch_next holds.
ALTER TABLE chat_sessions_next RENAME TO chat_sessions;
ALTER TABLE chat_action_watch_next RENAME TO chat_action_watch;

CREATE INDEX chat_sessions_answering ON chat_sessions(state) WHERE state = 'answering';
CREATE INDEX chat_action_watch_waiting ON chat_action_watch(action_id) WHERE notified_at IS NULL;
CREATE INDEX chat_action_watch_session ON chat_action_watch(session_id);

-- A guest's second factor: in this conversation, they gave an order's id and the email it was placed
-- with. From then on the conversation may see that order and act on it (e.g. propose its return).
CREATE TABLE order_proofs (
  ticket_id   TEXT NOT NULL REFERENCES tickets(id),
  order_id    TEXT NOT NULL REFERENCES orders(id),
  verified_at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, order_id)
) WITHOUT ROWID;

-- search_products without words (the seed's schema requires none: "electronics under $50") lists
-- products by price; with a category, products_category already walks them in that order.
CREATE INDEX products_price ON products(price_cents);
