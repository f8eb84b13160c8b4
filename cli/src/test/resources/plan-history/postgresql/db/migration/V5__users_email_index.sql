-- Login got slow: look users up by email.
CREATE INDEX users_email_idx ON users (email);

-- One account per name, requested by support.
CREATE UNIQUE INDEX accounts_name_key ON accounts (name);
