ALTER TABLE accounts ADD CONSTRAINT accounts_team_fk FOREIGN KEY (team_id) REFERENCES teams (id);
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_positive CHECK (balance >= 0);
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_code_key UNIQUE (code);
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
