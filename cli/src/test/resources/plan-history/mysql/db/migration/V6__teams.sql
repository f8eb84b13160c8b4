/* Teams: new table, so its index and data load are harmless. */
CREATE TABLE teams (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE INDEX teams_account_idx ON teams (account_id);

INSERT INTO teams (account_id, name)
SELECT id, CONCAT(name, ' team') FROM accounts;

ALTER TABLE users ADD COLUMN team_id INT NULL AFTER account_id;
