-- What a shop needs to change an order, not only to return or refund it: variants of a product,
-- the customer's payment methods (gift cards with their balance), the order's payment history,
-- postal addresses in parts, cancellations, changed items and exchanges. Each change is still a
-- proposed action a person approves (src/shared/domain/actions); these tables hold what approving
-- writes. Money is integer cents of the row's currency.

-- A customer's default address, in the parts a tool can read and change one by one ('' where the
-- shop gave none). `region` is a state, province or county; `postal_code` a ZIP or postcode.
ALTER TABLE customers ADD COLUMN address_line1 TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN address_line2 TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN country TEXT NOT NULL DEFAULT '';
-- Finding a customer by name and postal code (find_customer) starts from the code.
CREATE INDEX customers_postal_code ON customers(postal_code) WHERE postal_code <> '';

-- Where the order ships, in the same parts; shipping_address stays its one-line form for people.
ALTER TABLE orders ADD COLUMN ship_line1 TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_line2 TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_city TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_region TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_country TEXT NOT NULL DEFAULT '';
-- Why a cancelled order was cancelled (set by the cancel_order action).
ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
-- When the order's items were changed to other variants: it happens once; after it, the order can
-- no longer be cancelled or have its items changed again by the agent.
ALTER TABLE orders ADD COLUMN items_changed_at TEXT;

-- A product's variants (a size, a colour…), each with its own id (the shop's item id or SKU),
-- price and availability. `options` is a JSON object of option name → value.
CREATE TABLE product_variants (
  id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  product_id  TEXT NOT NULL REFERENCES products(id),
  options     TEXT NOT NULL DEFAULT '{}',
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  available   INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1))
);
CREATE INDEX product_variants_product ON product_variants(product_id);

-- The variant an order line is, when the shop sells variants.
ALTER TABLE order_items ADD COLUMN variant_id TEXT REFERENCES product_variants(id);

-- How a customer can pay: a card, a PayPal account, or a gift card with a balance. The id is the
-- shop's own (credit_card_7815826, gift_card_4374071…).
CREATE TABLE payment_methods (
  id            TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
  customer_id   TEXT NOT NULL REFERENCES customers(id),
  kind          TEXT NOT NULL CHECK (kind IN ('card', 'paypal', 'gift_card')),
  brand         TEXT,
  last_four     TEXT,
  -- A gift card's balance; NULL for the other kinds.
  balance_cents INTEGER CHECK (balance_cents IS NULL OR balance_cents >= 0),
  currency      TEXT NOT NULL DEFAULT 'USD',
  CHECK ((kind = 'gift_card') = (balance_cents IS NOT NULL))
);
CREATE INDEX payment_methods_customer ON payment_methods(customer_id);

-- An order's payment history: what was charged to which method and what went back to it. Rows an
-- import brought have no action; rows an approved action wrote carry its id (the approval writes
-- them in the transaction that records the decision, so they are written once).
CREATE TABLE order_payments (
  id                INTEGER PRIMARY KEY,
  order_id          TEXT NOT NULL REFERENCES orders(id),
  kind              TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
  amount_cents      INTEGER NOT NULL CHECK (amount_cents > 0),
  currency          TEXT NOT NULL,
  payment_method_id TEXT REFERENCES payment_methods(id),
  action_id         TEXT REFERENCES actions(id),
  created_at        TEXT NOT NULL
);
CREATE INDEX order_payments_order ON order_payments(order_id, id);
CREATE INDEX order_payments_action ON order_payments(action_id) WHERE action_id IS NOT NULL;

-- A return's refund may go to a chosen method (the original one, or a gift card); NULL: the
-- order's original payment method, as before.
ALTER TABLE refunds ADD COLUMN payment_method_id TEXT REFERENCES payment_methods(id);

-- An exchange: delivered items to be sent back for other variants of the same products. The
-- price difference is charged to (or refunded to) `payment_method_id` when the items come back.
CREATE TABLE exchanges (
  id                     TEXT PRIMARY KEY,            -- EXC-<uuid>
  action_id              TEXT NOT NULL UNIQUE REFERENCES actions(id),
  order_id               TEXT NOT NULL REFERENCES orders(id),
  payment_method_id      TEXT REFERENCES payment_methods(id),
  price_difference_cents INTEGER NOT NULL,            -- new items minus old; negative: owed to the customer
  currency               TEXT NOT NULL,
  status                 TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'received', 'closed')),
  created_at             TEXT NOT NULL
);
CREATE INDEX exchanges_order ON exchanges(order_id);

CREATE TABLE exchange_items (
  exchange_id    TEXT NOT NULL REFERENCES exchanges(id) ON DELETE CASCADE,
  order_item_id  INTEGER NOT NULL REFERENCES order_items(id),
  quantity       INTEGER NOT NULL CHECK (quantity > 0),
  new_variant_id TEXT NOT NULL REFERENCES product_variants(id),
  PRIMARY KEY (exchange_id, order_item_id)
) WITHOUT ROWID;
CREATE INDEX exchange_items_item ON exchange_items(order_item_id);

-- Who a guest conversation speaks for, once the guest identified themselves as a customer of the
-- shop (their account's email, or their name and postal code) where the shop's policy allows it
-- (src/main/policy/shop-policy.ts). One customer per conversation.
CREATE TABLE customer_proofs (
  ticket_id   TEXT PRIMARY KEY REFERENCES tickets(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  method      TEXT NOT NULL CHECK (method IN ('email', 'name_postal_code')),
  verified_at TEXT NOT NULL
) WITHOUT ROWID;
