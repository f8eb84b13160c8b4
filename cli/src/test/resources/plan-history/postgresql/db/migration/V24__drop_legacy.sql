-- The notes column was replaced by the support tool; the export table by the warehouse.
ALTER TABLE orders DROP COLUMN notes;
ALTER TABLE invoices DROP COLUMN IF EXISTS notes;
DROP TABLE report_exports;

-- Dropping the old login index: the unique constraint below replaces it.
DROP INDEX users_email_idx;
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
