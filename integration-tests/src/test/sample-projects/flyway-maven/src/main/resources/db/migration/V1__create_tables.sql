-- The tables the later migrations change, with enough rows (20,000) that safemigrate's default
-- safemigrate.rewrite.minRows (10,000) applies its safe forms. ANALYZE gives the planner the row count.
CREATE TABLE owners (id int PRIMARY KEY);
INSERT INTO owners SELECT g FROM generate_series(1, 100) g;
CREATE TABLE items (id bigint PRIMARY KEY, owner_id int NOT NULL, v int NOT NULL, note text);
INSERT INTO items SELECT g, 1 + g % 100, g % 1000, NULL FROM generate_series(1, 20000) g;
CREATE SEQUENCE items_extra START 1000000;
ANALYZE owners;
ANALYZE items;
