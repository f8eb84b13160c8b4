INSERT INTO accounts (name, country) VALUES ('Demo account', 'DE'), ('Acme', 'US');
INSERT INTO products (sku, name, price_cents) VALUES ('TSHIRT-S', 'T-shirt S', 1500), ('MUG', 'Mug', 900);
INSERT INTO users (account_id, email, full_name) VALUES (1, 'demo@example.com', 'Demo User');
INSERT INTO orders (account_id, user_id, status, placed_at) VALUES (1, 1, 'new', '2024-01-15 10:00:00');
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (1, 1, 2, 1500), (1, 2, 1, 900);
