-- Written by hand and run once in psql before it became a migration: it keeps its own transaction.
BEGIN;

DELETE FROM audit_events WHERE created_at < now() - interval '2 years';

INSERT INTO audit_events (account_id, action, payload)
SELECT id, 'account.archived', name FROM accounts WHERE country IS NULL;

ALTER TABLE users DROP COLUMN password_hash;

COMMIT;
