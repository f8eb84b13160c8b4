-- New tables: nothing existing is locked, so nothing is rewritten (pass-through).
CREATE TABLE teams (
    id bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE audit_log (id bigserial PRIMARY KEY, team_id bigint REFERENCES teams (id), at timestamptz);

-- An index on a table created by these migrations: new and empty, left as written.
CREATE INDEX audit_log_at ON audit_log (at);
