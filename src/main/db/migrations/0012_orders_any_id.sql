-- frontline:foreign-keys-off
-- Order ids are the shop's own from now on (Shopify "#1001", WooCommerce "1001", "#W2378156"), so
-- the CHECK that held every id to ORD-YYYYMMDD-XXXX goes; what stays is that an id is a short,
-- trimmed, non-empty text. SQLite cannot drop a CHECK in place: the table is rebuilt (SQLite's
-- twelve steps). The marker above makes migrate turn foreign keys off around the transaction, so
-- dropping the old table neither cascades into order_items nor fails on the rows that point at it,
-- and it runs PRAGMA foreign_key_check before the commit.

CREATE TABLE orders_rebuilt (
  id                 TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64 AND id = trim(id)),
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

INSERT INTO orders_rebuilt (id, customer_id, status, placed_at, shipped_at, delivered_at, carrier, tracking_number,
  estimated_delivery, subtotal_cents, shipping_cents, total_cents, currency, shipping_address)
SELECT id, customer_id, status, placed_at, shipped_at, delivered_at, carrier, tracking_number,
  estimated_delivery, subtotal_cents, shipping_cents, total_cents, currency, shipping_address
FROM orders;

DROP TABLE orders;
ALTER TABLE orders_rebuilt RENAME TO orders;

CREATE INDEX orders_customer_recent ON orders(customer_id, placed_at DESC, id DESC);

-- The demo shop's ids began with their date, so the newest orders were the last ids; a shop's own
-- ids are not in date order ('#999' sorts after '#1000'), so the newest are found by date.
CREATE INDEX orders_placed ON orders(placed_at DESC, id DESC);
