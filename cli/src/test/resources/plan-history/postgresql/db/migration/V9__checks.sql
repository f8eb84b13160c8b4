ALTER TABLE order_items ADD CONSTRAINT order_items_quantity_positive CHECK (quantity > 0);

ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;

ALTER TABLE products ADD CONSTRAINT products_price_nonnegative CHECK (price_cents >= 0);
