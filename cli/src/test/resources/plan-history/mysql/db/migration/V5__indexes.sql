-- Login got slow: look users up by email.
ALTER TABLE users ADD INDEX users_email_idx (email);

CREATE INDEX order_items_order_idx ON order_items (order_id);
CREATE UNIQUE INDEX products_sku_uq ON products (sku);
