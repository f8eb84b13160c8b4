ALTER TABLE items ADD COLUMN flag tinyint NULL;
