-- Appended as the last column: INSTANT on MariaDB 10.3+ / MySQL 8.0.
ALTER TABLE orders ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR';
ALTER TABLE orders ADD COLUMN notes TEXT NULL;

-- Placed in the middle of the table (INSTANT on MariaDB 10.4+ / MySQL 8.0.29+, a rebuild before).
ALTER TABLE orders ADD COLUMN updated_at DATETIME NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP AFTER placed_at;
