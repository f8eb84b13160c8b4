CREATE MATERIALIZED VIEW monthly_revenue AS
SELECT date_trunc('month', placed_at) AS month, account_id, sum(total_cents) AS revenue_cents
FROM orders
WHERE status IN ('paid', 'shipped')
GROUP BY 1, 2;

CREATE UNIQUE INDEX monthly_revenue_month_account_idx ON monthly_revenue (month, account_id);

REFRESH MATERIALIZED VIEW monthly_revenue;
REFRESH MATERIALIZED VIEW CONCURRENTLY monthly_revenue;
