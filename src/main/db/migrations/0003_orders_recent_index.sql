-- A customer's recent orders (the draft's context, the console's customer card) are read newest
-- first with the order id breaking ties. The old index sorted by placed_at only, so SQLite read
-- every order of the customer, counted the items of each, and sorted them before taking five; with
-- the tie-breaker in the index the scan stops at the limit.
CREATE INDEX orders_customer_recent ON orders(customer_id, placed_at DESC, id DESC);
DROP INDEX orders_customer;
