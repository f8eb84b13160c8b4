ALTER TABLE accounts ADD COLUMN note varchar(200) NULL;
CREATE INDEX accounts_email ON accounts (email);
DROP INDEX accounts_old_email ON accounts;
ALTER TABLE accounts ADD INDEX accounts_created (created_at), ADD COLUMN flags int NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_team_fk FOREIGN KEY (team_id) REFERENCES teams (id);
ALTER TABLE accounts MODIFY balance bigint NOT NULL;
ALTER TABLE accounts /* safemigrate:allow copying-alter */ ADD CONSTRAINT accounts_balance_positive CHECK (balance >= 0);
ALTER TABLE accounts ADD COLUMN region char(2) NULL, ALGORITHM=COPY;
ALTER TABLE accounts ENGINE=InnoDB;
