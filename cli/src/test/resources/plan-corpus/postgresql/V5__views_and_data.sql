REFRESH MATERIALIZED VIEW account_totals;
UPDATE accounts SET email_address = lower(email_address) WHERE email_address IS NOT NULL;
DELETE FROM login_attempts WHERE at < now() - interval '90 days' RETURNING id;
INSERT INTO teams (id, name) VALUES (1, 'core');
SELECT count(*) FROM accounts;
COMMENT ON TABLE accounts IS 'customer accounts';
SET search_path TO public;
DO $$ BEGIN RAISE NOTICE 'done'; END $$;
