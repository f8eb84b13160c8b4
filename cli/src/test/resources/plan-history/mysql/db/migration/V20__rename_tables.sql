RENAME TABLE audit_log TO audit_events;
ALTER TABLE orders_archive RENAME TO archived_orders;
