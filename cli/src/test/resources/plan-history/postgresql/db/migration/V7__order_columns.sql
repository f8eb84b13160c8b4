-- Constant defaults: metadata-only since PostgreSQL 11.
ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
ALTER TABLE orders ADD COLUMN notes text;

-- Volatile defaults: every existing row gets its own value, so the table is rewritten.
ALTER TABLE orders ADD COLUMN updated_at timestamp DEFAULT clock_timestamp();
ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();
