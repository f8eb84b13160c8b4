-- Reclaim space after the big audit purge.
DELETE FROM audit_log WHERE created_at < NOW() - INTERVAL 2 YEAR;
ALTER TABLE audit_log ENGINE=InnoDB;
OPTIMIZE TABLE order_items;
