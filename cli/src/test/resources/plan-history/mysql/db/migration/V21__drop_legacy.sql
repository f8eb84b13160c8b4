-- Passwords moved to the identity provider; notes to the support tool.
ALTER TABLE users DROP COLUMN password_hash;
ALTER TABLE orders DROP COLUMN notes;
ALTER TABLE invoices DROP COLUMN notes;
DROP TABLE IF EXISTS archived_orders;
