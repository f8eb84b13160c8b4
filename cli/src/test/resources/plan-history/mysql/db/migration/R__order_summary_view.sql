CREATE OR REPLACE VIEW order_summary AS
SELECT o.id, a.name AS account_name, u.display_name AS user_name, o.status, o.total_cents, o.currency, o.placed_at
FROM orders o
JOIN accounts a ON a.id = o.account_id
LEFT JOIN users u ON u.id = o.user_id;
