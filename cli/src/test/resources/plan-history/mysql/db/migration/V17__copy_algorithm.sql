-- The DBA wanted the invoice table rebuilt with the copy algorithm, written out.
ALTER TABLE invoices MODIFY COLUMN number VARCHAR(100) NOT NULL, ALGORITHM=COPY;
ALTER TABLE invoices ADD COLUMN tax_country CHAR(2) NOT NULL DEFAULT 'DE', ALGORITHM=COPY, LOCK=SHARED;
