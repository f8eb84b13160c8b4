ALTER TABLE items RENAME COLUMN legacy TO legacy_old;
