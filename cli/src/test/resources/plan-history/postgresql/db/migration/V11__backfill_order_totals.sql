-- total_cents was never kept up to date for old orders.
UPDATE orders o
SET total_cents = s.total
FROM (SELECT order_id, sum(quantity * unit_price_cents) AS total FROM order_items GROUP BY order_id) s
WHERE s.order_id = o.id AND o.total_cents = 0;

UPDATE orders SET status = 'cancelled' WHERE status = 'new' AND placed_at < now() - interval '90 days';
