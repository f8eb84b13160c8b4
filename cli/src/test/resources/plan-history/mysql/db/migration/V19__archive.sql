-- Move cancelled orders to an archive table (new table: harmless).
CREATE TABLE orders_archive LIKE orders;

INSERT INTO orders_archive
SELECT * FROM orders WHERE status = 'cancelled';

DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders_archive);
DELETE FROM orders WHERE status = 'cancelled';
