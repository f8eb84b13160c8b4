-- SKUs from the new supplier are longer.
ALTER TABLE products ALTER COLUMN sku TYPE varchar(100);

-- Invoice numbers: drop the arbitrary limit.
ALTER TABLE invoices ALTER COLUMN number TYPE text;

-- Provider references are sometimes 60+ characters.
ALTER TABLE payments ALTER COLUMN provider_ref TYPE varchar(255);
