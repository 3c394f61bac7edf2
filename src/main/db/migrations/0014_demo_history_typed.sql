-- The demo shop's past returns (origin_detail 'demo shop history') were written in shapes of their
-- own, which the typed actions (0010) no longer read: lists left them out. They are rewritten here
-- in the return kind's shapes, from the order lines they name, as an approval would have left them.
UPDATE actions
SET
  payload = json_object(
    'order_id', order_id,
    'reason', json_extract(payload, '$.reason'),
    'note', NULL,
    'items', (
      SELECT json_group_array(json_object(
        'item_id', oi.id,
        'product_id', oi.product_id,
        'name', p.name,
        'quantity', json_extract(it.value, '$.quantity'),
        'unit_price_cents', oi.unit_price_cents,
        'line_cents', oi.unit_price_cents * json_extract(it.value, '$.quantity')))
      FROM json_each(json_extract(actions.payload, '$.items')) AS it
      JOIN order_items AS oi ON oi.id = json_extract(it.value, '$.orderItemId')
      JOIN products AS p ON p.id = oi.product_id
    ),
    'refund', json_object(
      'items_cents', amount_cents, 'shipping_cents', 0, 'total_cents', amount_cents,
      'currency', currency, 'notes', json_array())
  ),
  eligibility = json_object(
    'order_status', 'delivered',
    'delivered_at', json_extract(eligibility, '$.deliveredAt'),
    'days_since_delivery', json_extract(eligibility, '$.daysSinceDelivery'),
    'window_days', json_extract(eligibility, '$.windowDays'),
    'window_closes_at', strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(eligibility, '$.deliveredAt'),
      '+' || json_extract(eligibility, '$.windowDays') || ' days'),
    'checked_at', created_at,
    'items', (
      SELECT json_group_array(json_object(
        'item_id', oi.id,
        'name', p.name,
        'ordered', oi.quantity,
        'already_returned', 0,
        'pending_in_other_actions', 0,
        'requested', json_extract(it.value, '$.quantity')))
      FROM json_each(json_extract(actions.payload, '$.items')) AS it
      JOIN order_items AS oi ON oi.id = json_extract(it.value, '$.orderItemId')
      JOIN products AS p ON p.id = oi.product_id
    )
  ),
  result = json_object(
    'returnId', json_extract(result, '$.returnId'),
    'refundId', json_extract(result, '$.refundId'),
    'refundCents', amount_cents,
    'currency', currency,
    'orderStatus', 'returned'
  )
WHERE origin_detail = 'demo shop history' AND kind = 'return' AND json_extract(payload, '$.orderId') IS NOT NULL;
