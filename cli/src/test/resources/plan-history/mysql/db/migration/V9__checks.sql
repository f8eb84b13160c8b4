ALTER TABLE order_items ADD CONSTRAINT order_items_quantity_chk CHECK (quantity > 0);
ALTER TABLE orders ADD CONSTRAINT orders_status_chk CHECK (status IN ('new', 'paid', 'shipped', 'cancelled'));
