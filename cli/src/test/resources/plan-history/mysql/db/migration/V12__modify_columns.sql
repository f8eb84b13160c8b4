-- Longer SKUs from the new supplier. In utf8 that is 150 -> 300 bytes: past 255 the length prefix grows, so InnoDB copies the table.
ALTER TABLE products MODIFY COLUMN sku VARCHAR(100) NOT NULL;

-- Ids running out.
ALTER TABLE order_items MODIFY id BIGINT NOT NULL AUTO_INCREMENT;

-- Rename and retype in one go.
ALTER TABLE payments CHANGE COLUMN provider_ref external_ref VARCHAR(255) NULL;
