CREATE TABLE orders (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    user_id integer REFERENCES users (id),
    status varchar(20) NOT NULL DEFAULT 'new',
    total_cents integer NOT NULL DEFAULT 0,
    placed_at timestamp
);

CREATE TABLE order_items (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders (id),
    product_id integer NOT NULL REFERENCES products (id),
    quantity integer NOT NULL DEFAULT 1,
    unit_price_cents integer NOT NULL
);
