CREATE TABLE feature_flags (
    id INT NOT NULL,
    flag_key VARCHAR(100) NOT NULL,
    enabled TINYINT(1) NOT NULL DEFAULT 0,
    account_id INT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

INSERT INTO feature_flags (id, flag_key, enabled) VALUES (1, 'new_checkout', 0), (2, 'dark_mode', 1);

ALTER TABLE feature_flags ADD PRIMARY KEY (id);
ALTER TABLE feature_flags MODIFY id INT NOT NULL AUTO_INCREMENT;
