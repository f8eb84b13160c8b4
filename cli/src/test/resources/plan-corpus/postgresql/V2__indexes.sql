CREATE INDEX accounts_email ON accounts (email);
-- Unnamed: the driver cannot check or clean it up, so it stays as written and blocks writes.
CREATE UNIQUE INDEX ON accounts (code);
DROP INDEX accounts_old_email;
REINDEX INDEX accounts_email;
CREATE INDEX CONCURRENTLY accounts_created ON accounts (created_at);
