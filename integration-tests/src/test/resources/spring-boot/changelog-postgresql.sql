--liquibase formatted sql logicalFilePath:items.sql
-- the second deployment: the same first changeset (same logical path), then an index and a backfill

--changeset it:1
CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL, note text);
INSERT INTO items SELECT g, g % 1000, NULL FROM generate_series(1, 20000) g;
ANALYZE items;

--changeset it:2
CREATE INDEX items_v_idx ON items (v);

--changeset it:3
UPDATE items SET note = 'n' || v WHERE note IS NULL;
