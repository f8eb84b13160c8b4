CREATE TABLE IF NOT EXISTS invoices (
    id serial PRIMARY KEY,
    order_id integer NOT NULL,
    number varchar(50) NOT NULL,
    amount_cents integer NOT NULL,
    issued_at timestamp without time zone NOT NULL DEFAULT now(),
    notes text
);

CREATE TABLE IF NOT EXISTS payments (
    id serial PRIMARY KEY,
    invoice_id integer NOT NULL,
    provider varchar(50) NOT NULL,
    provider_ref varchar(50),
    amount_cents integer NOT NULL,
    paid_at timestamp
);
