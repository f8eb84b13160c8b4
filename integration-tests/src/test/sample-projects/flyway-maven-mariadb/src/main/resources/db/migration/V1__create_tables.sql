-- The tables the later migrations change, with enough rows (20,000) that safemigrate's default
-- safemigrate.rewrite.minRows (10,000) applies its policies. ANALYZE TABLE refreshes InnoDB's row estimate,
-- which is what the driver reads. (1,000 x 20 rows: MySQL caps a recursive CTE at 1,000 rounds by default.)
CREATE TABLE owners (id int PRIMARY KEY);
INSERT INTO owners (id)
    WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 100) SELECT g FROM s;
CREATE TABLE items (
    id bigint AUTO_INCREMENT PRIMARY KEY,
    owner_id int NOT NULL,
    v int NOT NULL,
    note varchar(20) NULL,
    legacy varchar(20) NULL,
    INDEX items_old_idx (v, owner_id)
);
INSERT INTO items (owner_id, v, legacy)
    WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 1000),
                   t(h) AS (SELECT 0 UNION ALL SELECT h + 1 FROM t WHERE h < 19)
    SELECT 1 + (h * 1000 + g) % 100, (h * 1000 + g) % 1000, 'old' FROM s CROSS JOIN t;
CREATE TABLE scratch (id int PRIMARY KEY);
ANALYZE TABLE owners;
ANALYZE TABLE items;
