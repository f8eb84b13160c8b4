CREATE TABLE orders (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id INT NOT NULL,
    user_id INT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'new',
    total_cents INT NOT NULL DEFAULT 0,
    placed_at DATETIME NULL,
    KEY orders_account_idx (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE order_items (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id INT NOT NULL,
    product_id INT NOT NULL,
    quantity INT NOT NULL DEFAULT 1,
    unit_price_cents INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8;
