-- MariaDB and MySQL add a foreign key in place only while foreign_key_checks is off; with it on they copy
-- the table, blocking writes, which safemigrate refuses on a big table (SQLSTATE SM001). Off, the existing rows
-- are not checked: check them first, e.g. SELECT count(*) FROM items i LEFT JOIN owners o ON o.id = i.owner_id
-- WHERE o.id IS NULL. The setting is this session's only (Flyway puts it back after the migration too).
SET foreign_key_checks = 0;
ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);
SET foreign_key_checks = 1;
