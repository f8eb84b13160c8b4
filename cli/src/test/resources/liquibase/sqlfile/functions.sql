CREATE TABLE audit_log (id bigint, message text);
INSERT INTO audit_log (id, message) VALUES (1, 'installed');
