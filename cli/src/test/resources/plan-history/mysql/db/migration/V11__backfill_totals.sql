-- total_cents was never kept up to date for old orders.
UPDATE orders o
JOIN (SELECT order_id, SUM(quantity * unit_price_cents) AS total FROM order_items GROUP BY order_id) s
  ON s.order_id = o.id
SET o.total_cents = s.total
WHERE o.total_cents = 0;

UPDATE orders SET status = 'cancelled' WHERE status = 'new' AND placed_at < NOW() - INTERVAL 90 DAY;
