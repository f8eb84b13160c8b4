-- Replace the single-column index by a composite one.
ALTER TABLE orders ADD INDEX orders_account_placed_idx (account_id, placed_at), ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX orders_account_idx ON orders;

ALTER TABLE users DROP INDEX users_email_idx, ADD UNIQUE INDEX users_email_uq (email);
