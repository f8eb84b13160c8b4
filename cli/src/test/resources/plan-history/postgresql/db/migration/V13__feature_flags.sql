CREATE TABLE feature_flags (
    id serial,
    key varchar(100) NOT NULL,
    enabled boolean NOT NULL DEFAULT false,
    rollout_percent text,
    account_id integer
);

ALTER TABLE feature_flags ADD PRIMARY KEY (id);

INSERT INTO feature_flags (key, enabled, rollout_percent) VALUES
    ('new_checkout', false, '0'),
    ('dark_mode', true, '100');

-- rollout_percent was stored as text by the first admin UI.
ALTER TABLE feature_flags ALTER COLUMN rollout_percent TYPE integer USING rollout_percent::integer;
