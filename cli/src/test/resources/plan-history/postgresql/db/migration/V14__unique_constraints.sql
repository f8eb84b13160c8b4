-- Existing table: the constraint builds its unique index while holding ACCESS EXCLUSIVE.
ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number);

ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE (sku);
