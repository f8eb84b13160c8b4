-- Demo catalogue for the staging environment (kept in production by mistake).
INSERT INTO products (sku, name, price_cents) VALUES
    ('TSHIRT-S', 'T-shirt S', 1500),
    ('TSHIRT-M', 'T-shirt M', 1500),
    ('MUG', 'Mug', 900);

INSERT INTO accounts (name, country) VALUES ('Demo account', 'DE');
