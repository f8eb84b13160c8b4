CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL, note text);
INSERT INTO items SELECT g, g % 1000, NULL FROM generate_series(1, 20000) g;
ANALYZE items;
