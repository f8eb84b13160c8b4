/*
 * Teams: a user belongs to at most one team.
 * The table is new, so its index and the data load below are harmless.
 */
CREATE TABLE teams (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    name varchar(255) NOT NULL,
    created_at timestamp NOT NULL DEFAULT now()
);

CREATE INDEX teams_account_id_idx ON teams (account_id);

INSERT INTO teams (account_id, name)
SELECT id, name || ' team' FROM accounts;

ALTER TABLE users ADD COLUMN team_id integer;
