-- The team lead asked for a lock timeout on every migration touching order_items.
SET lock_timeout = '5s';

CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);

RESET lock_timeout;
