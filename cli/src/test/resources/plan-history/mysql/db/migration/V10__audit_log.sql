CREATE TABLE audit_log (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id INT NULL,
    actor_id INT NULL,
    action VARCHAR(50) NOT NULL,
    payload TEXT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

INSERT INTO audit_log (account_id, action, payload)
SELECT account_id, 'order.created', CONCAT('order ', id) FROM orders;

ALTER TABLE audit_log ADD INDEX audit_log_created_idx (created_at);
