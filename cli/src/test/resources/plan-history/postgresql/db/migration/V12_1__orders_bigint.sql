-- We are at 1.9 billion order items: move the ids to bigint before they overflow.
ALTER TABLE order_items ALTER COLUMN id TYPE bigint;
ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;
