--liquibase formatted sql logicalFilePath:items.sql
-- the first deployment: the table (SpringBootLiquibaseTest runs this, then changelog-mysql.sql)

--changeset it:1
CREATE TABLE digits (d int NOT NULL);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE items (id bigint PRIMARY KEY, v int NOT NULL, note varchar(20)) ENGINE=InnoDB;
INSERT INTO items SELECT n, n % 1000, NULL FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM digits a, digits b, digits c, digits e, digits f) x WHERE n <= 20000;
ANALYZE TABLE items;
