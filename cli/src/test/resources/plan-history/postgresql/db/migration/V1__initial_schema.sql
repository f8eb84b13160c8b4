-- Initial schema of the shop, written in the first week of the project.
-- Ids are serial as the ORM generated them back then.

CREATE TABLE accounts (
    id serial PRIMARY KEY,
    name varchar(255) NOT NULL,
    country char(2),
    created_at timestamp without time zone DEFAULT now()
);

CREATE TABLE users (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    email varchar(255) NOT NULL,
    full_name varchar(255),
    password_hash varchar(255),
    created_at timestamp DEFAULT now()
);

CREATE TABLE products (
    id serial PRIMARY KEY,
    sku varchar(50) NOT NULL,
    name varchar(255) NOT NULL,
    description text,
    price_cents integer NOT NULL DEFAULT 0
);
