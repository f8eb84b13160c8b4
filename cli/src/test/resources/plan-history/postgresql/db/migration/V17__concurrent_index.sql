-- Must run outside a transaction (Flyway detects CONCURRENTLY and runs the file non-transactionally).
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_account_placed_idx ON orders (account_id, placed_at);
